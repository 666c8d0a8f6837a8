package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No file descriptor is left open once everything is closed (Linux: counts {@code /proc/self/fd}).
 * After mio's {@code tests/close_on_drop.rs} and {@code test_poll_closes_fd}.
 */
public class DescriptorLeakTest extends TckBase {
    /** Creates the test. */
    public DescriptorLeakTest() {
    }

    /**
     * Counts the descriptors of the kinds a backend opens: sockets, pipes and anonymous inodes
     * (epoll, eventfd, io_uring). The JVM opens files of its own meanwhile (jars, logs), never
     * these, so the count must come back exactly. Public for a backend's own leak tests.
     *
     * @return the number of such descriptors this process has open (Linux: {@code /proc/self/fd})
     * @throws IOException if {@code /proc/self/fd} cannot be listed
     */
    public static long openDescriptors() throws IOException {
        long count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:")) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        return count;
    }

    /** Opens and closes a poll with a waker, a listener, connections and UDP sockets, all registered. */
    private void burst() throws IOException {
        try (Poll poll = provider.openPoll();
             Waker waker = Waker.open(poll.registry(), new Token(-1));
             TcpListener listener = TcpListener.bind(loopback(IpFamily.IPV4), provider)) {
            poll.registry().register(listener, new Token(0), Interest.READABLE);
            Events events = Events.withCapacity(64);
            for (int i = 0; i < 20; i++) {
                try (TcpStream client = TcpStream.connect(listener.localAddress(), provider);
                     TcpStream server = acceptWithin(listener);
                     UdpSocket udp = UdpSocket.bind(loopback(IpFamily.IPV4), provider)) {
                    poll.registry().register(client, new Token(1), Interest.READABLE.add(Interest.WRITABLE));
                    poll.registry().register(server, new Token(2), Interest.READABLE);
                    poll.registry().register(udp, new Token(3), Interest.WRITABLE);
                    poll.poll(events, Duration.ofMillis(5));
                }
            }
            waker.wake();
            poll.poll(events, Duration.ofMillis(5));
        }
    }

    @TckTest
    @Requires(linux = true)
    void noDescriptorIsLeftOpenAfterEverythingIsClosed() throws IOException {
        burst(); // warm up: class loading and lazily opened JDK descriptors happen here
        long before = openDescriptors();
        burst();
        burst();
        long after = openDescriptors();
        assertEquals(before, after, "[" + backend() + "] socket, pipe and epoll/eventfd descriptors before and after");
    }

    @TckTest
    @Requires(linux = true)
    void closingPollsLeavesNoDescriptor() throws IOException {
        provider.openPoll().close();
        long before = openDescriptors();
        for (int i = 0; i < 100; i++) {
            Poll poll = provider.openPoll();
            Waker.open(poll.registry(), new Token(1)).close();
            poll.close();
        }
        long after = openDescriptors();
        assertEquals(before, after, "[" + backend() + "] socket, pipe and epoll/eventfd descriptors before and after");
    }
}
