package io.mio.posix;

import io.mio.net.UnixStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-thread scratch does not grow native memory with the number of threads that ever did I/O:
 * 10,000 virtual threads each doing one heap-buffer write and read on a socket pair leave native
 * memory (NMT's "Other", where the JDK accounts FFM allocations) less than 1 MiB higher once they
 * have ended, without waiting for a GC. Runs in a child JVM with Native Memory Tracking.
 */
@Timeout(120)
class ScratchMemoryTest {
    private static final int THREADS = 10_000;
    private static final Pattern OTHER = Pattern.compile("Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    @Test
    void tenThousandVirtualThreadsDoingHeapIoRaiseNativeMemoryByLessThanOneMebibyte() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:NativeMemoryTracking=summary", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ScratchMemoryTest.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out;
        try (var stdout = process.getInputStream()) { // closed here, so no descriptor is left to the other tests
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(100, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);
        System.out.println(out);
        Matcher m = Pattern.compile("other-before=(\\d+)KB other-after=(\\d+)KB").matcher(out);
        assertTrue(m.find(), out);
        long growthKb = Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
        assertTrue(growthKb < 1024, "native memory grew by " + growthKb + " KiB after " + THREADS
                + " virtual threads did one heap read and write each:\n" + out);
    }

    /** The child: one heap write and read per virtual thread, NMT's "Other" before and after. */
    public static void main(String[] args) throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(TestProvider.INSTANCE);
        byteRoundTrip(pair); // loads and links everything once, on this thread
        long before = otherCommittedKb();
        List<Thread> threads = new ArrayList<>(THREADS);
        for (int i = 0; i < THREADS; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    byteRoundTrip(pair);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long after = otherCommittedKb();
        System.out.println("other-before=" + before + "KB other-after=" + after + "KB threads=" + THREADS);
        pair[0].close();
        pair[1].close();
    }

    private static void byteRoundTrip(UnixStream[] pair) throws Exception {
        if (pair[0].write(ByteBuffer.wrap(new byte[] {1})) != 1) {
            throw new IllegalStateException("a 1-byte write to a socket pair must not block");
        }
        pair[1].read(ByteBuffer.allocate(1)); // another thread may have taken the byte: 0 is fine
    }

    private static long otherCommittedKb() throws Exception {
        String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        Matcher m = OTHER.matcher(summary);
        return m.find() ? Long.parseLong(m.group(2)) : 0; // no line: less than 1 KB
    }
}
