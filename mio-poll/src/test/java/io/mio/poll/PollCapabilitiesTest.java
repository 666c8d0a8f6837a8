package io.mio.poll;

import io.mio.posix.Os;
import io.mio.posix.PollBits;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Pins poll's declared capabilities per OS: the TCK skips every check of a capability a backend
 * leaves out, so dropping one by mistake would silently turn its checks into skips, and declaring
 * one the OS's poll(2) lacks would fail there.
 */
class PollCapabilitiesTest {
    /** Prints poll's capabilities and the bits it asks for readable; run in a JVM with a faked os.name. */
    public static void main(String[] args) {
        System.out.println("capabilities: " + EnumSet.copyOf(new PosixPollProvider().capabilities()));
        System.out.println("readable bits: " + PollBits.forReadiness(Readiness.READABLE));
    }

    @Test
    void pollDeclaresEveryCapabilityOnLinux() throws Exception {
        assumeTrue(Os.LINUX, "runs on Linux; the other OSes are faked below");
        // POLLRDHUP (Linux) gives read-closed; hang-up, error and priority are POSIX poll's
        assertEquals(EnumSet.allOf(Capability.class), EnumSet.copyOf(PollProvider.named("poll").capabilities()));
    }

    @Test
    void offLinuxPollDeclaresNeitherReadClosedNorPriorityAndAsksNoPollrdhup() throws Exception {
        assumeTrue(Os.LINUX, "fakes os.name in a child JVM on Linux");
        EnumSet<Capability> expected = EnumSet.allOf(Capability.class);
        expected.removeAll(List.of(Capability.READ_CLOSED_EVENTS, Capability.PRIORITY_EVENTS,
                Capability.UNIX_ABSTRACT_NAMES)); // abstract Unix names are Linux's too (mio-posix)
        for (String os : new String[] {"Mac OS X", "FreeBSD"}) {
            String output = runWith(os);
            assertTrue(output.contains("capabilities: " + expected), os + ": " + output);
            assertTrue(output.contains("readable bits: " + PollBits.POLLIN), os + ": POLLIN alone, no 0x2000: " + output);
        }
        assertTrue(runWith("Linux").contains("readable bits: " + (PollBits.POLLIN | 0x2000)), "Linux asks POLLRDHUP");
    }

    private static String runWith(String osName) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dos.name=" + osName, "-cp", System.getProperty("java.class.path"), PollCapabilitiesTest.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        return output;
    }

    @Test
    void pollRanksBetweenSelectorAndEpoll() throws Exception {
        assertEquals(50, PollProvider.named("poll").priority());
    }
}
