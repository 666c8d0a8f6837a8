package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.spi.Capability;
import io.mio.unix.SourceFd;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw descriptors; after mio's {@code tests/unix_sourcefd.rs}. Pure Java cannot see a descriptor
 * number, so the positive cases find the read end of a {@link java.nio.channels.Pipe} through
 * {@code /proc/self/fd} and {@code /proc/self/fdinfo} (Linux only).
 */
public class SourceFdTest extends TckBase {
    private static final Token ID1 = new Token(1);

    /** Creates the test. */
    public SourceFdTest() {
    }

    /** A JDK pipe and the descriptor of its read end. */
    private record JdkPipe(java.nio.channels.Pipe pipe, int readFd) {
    }

    private static Set<Integer> openDescriptors() throws IOException {
        Set<Integer> result = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(path -> result.add(Integer.parseInt(path.getFileName().toString())));
        }
        // the listing's own directory descriptor is among them and is closed now: drop closed ones,
        // or a pipe that reuses that number would not count as new
        result.removeIf(fd -> !Files.exists(Path.of("/proc/self/fd/" + fd), LinkOption.NOFOLLOW_LINKS));
        return result;
    }

    private JdkPipe jdkPipe() throws IOException {
        requiresLinux();
        Set<Integer> before = openDescriptors();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        track(pipe.sink());
        track(pipe.source());
        pipe.source().configureBlocking(false);
        Set<Integer> added = new HashSet<>(openDescriptors());
        added.removeAll(before);
        for (int fd : added) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                if (!target.startsWith("pipe:")) {
                    continue;
                }
                List<String> info = Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd));
                for (String line : info) {
                    // flags are octal; O_ACCMODE 0 is O_RDONLY: the read end
                    if (line.startsWith("flags:") && (Integer.parseInt(line.substring(6).strip(), 8) & 3) == 0) {
                        return new JdkPipe(pipe, fd);
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // a descriptor that closed meanwhile, or not ours
            }
        }
        throw new TestAbortedException("could not find the read end of a JDK pipe in /proc/self/fd");
    }

    @TckTest
    void negativeDescriptorIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceFd.of(-1, provider));
        assertMessageNames(e, "negative", "-1");
    }

    @TckTest
    @Requires(value = Capability.RAW_FD_SOURCES, linux = true)
    void descriptorIsReportedReadable() throws IOException {
        JdkPipe jdk = jdkPipe();
        Poll poll = openPoll();
        SourceFd source = track(SourceFd.of(jdk.readFd(), provider));
        assertEquals(jdk.readFd(), source.fd());
        poll.registry().register(source, ID1, Interest.READABLE);
        Events events = Events.withCapacity(4);
        expectNoEvents(poll, events);
        jdk.pipe().sink().write(ByteBuffer.wrap(new byte[] {1}));
        expectEvents(poll, events, expect(ID1, Ready.READABLE));
    }

    @TckTest
    @Requires(value = Capability.RAW_FD_SOURCES, linux = true)
    void closingTheSourceLeavesTheDescriptorOpen() throws IOException {
        JdkPipe jdk = jdkPipe();
        Poll poll = openPoll();
        SourceFd source = SourceFd.of(jdk.readFd(), provider);
        poll.registry().register(source, ID1, Interest.READABLE);
        source.close();
        jdk.pipe().sink().write(ByteBuffer.wrap(new byte[] {9}));
        ByteBuffer buffer = ByteBuffer.allocate(4);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (buffer.position() == 0) {
            assertTrue(jdk.pipe().source().read(buffer) >= 0);
            assertTrue(System.nanoTime() - deadline < 0, "the byte did not arrive");
        }
        assertEquals(9, buffer.get(0), "the descriptor stays the caller's: still open and readable");
        expectNoEvents(poll, Events.withCapacity(4));
    }

    @TckTest
    @Requires(absent = Capability.RAW_FD_SOURCES)
    void sourceFdWithoutTheCapabilityIsUnsupported() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> SourceFd.of(0, provider));
        assertMessageNames(e, backend(), "RAW_FD_SOURCES");
    }
}
