package io.mio.epoll;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.spi.PollProvider;
import io.mio.unix.SourceFd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input that reaches the native calls gives the specific Java exception, naming call and errno. */
@Timeout(20)
class NativeErrorsTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static PollProvider epoll() throws IOException {
        return PollProvider.named("epoll");
    }

    @Test
    void registeringADescriptorThatIsNotOpenIsAClosedChannelExceptionNamingEpollCtlAndEbadf() throws Exception {
        try (Poll poll = Poll.open("epoll")) {
            // far above any descriptor this process has open
            SourceFd notOpen = SourceFd.of(999_999, poll.provider());
            ClosedChannelException e = assertThrows(ClosedChannelException.class,
                    () -> poll.registry().register(notOpen, new Token(1), Interest.READABLE));
            assertTrue(e.getMessage().contains("epoll_ctl") && e.getMessage().contains("EBADF"), e.getMessage());
            // the failed registration left the source unregistered and the poll usable
            Events events = Events.withCapacity(4);
            poll.poll(events, Duration.ZERO);
            assertTrue(events.isEmpty());
        }
    }

    @Test
    void registeringASelectorSourceIsAnIllegalArgumentExceptionNamingBothBackends() throws Exception {
        try (Poll poll = Poll.open("epoll");
             TcpListener foreign = TcpListener.bind(ANY_LOOPBACK_PORT, PollProvider.named("selector"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poll.registry().register(foreign, new Token(1), Interest.READABLE));
            assertTrue(e.getMessage().contains("'selector'") && e.getMessage().contains("'epoll'"), e.getMessage());
            // and the other way round
            try (Poll selector = Poll.open("selector");
                 TcpListener ours = TcpListener.bind(ANY_LOOPBACK_PORT, poll.provider())) {
                assertThrows(IllegalArgumentException.class,
                        () -> selector.registry().register(ours, new Token(1), Interest.READABLE));
            }
        }
    }

    @Test
    void usingAClosedStreamIsAClosedChannelException() throws Exception {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK_PORT, epoll())) {
            TcpStream stream = TcpStream.connect(listener.localAddress(), epoll());
            stream.close();
            assertThrows(ClosedChannelException.class, () -> stream.read(ByteBuffer.allocate(8)));
            assertThrows(ClosedChannelException.class, () -> stream.write(ByteBuffer.allocate(8)));
            try (Poll poll = Poll.open("epoll")) {
                assertThrows(ClosedChannelException.class,
                        () -> poll.registry().register(stream, new Token(1), Interest.READABLE));
            }
        }
    }

    @Test
    void bindingAnAddressInUseIsABindExceptionNamingEaddrinuse() throws Exception {
        try (TcpListener first = TcpListener.bind(ANY_LOOPBACK_PORT, epoll())) {
            BindException e = assertThrows(BindException.class,
                    () -> TcpListener.bind(first.localAddress(), epoll()).close());
            assertTrue(e.getMessage().contains("EADDRINUSE"), e.getMessage());
        }
    }

    @Test
    void aRefusedConnectionIsAConnectExceptionNamingEconnrefused() throws Exception {
        InetSocketAddress closedPort;
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK_PORT, epoll())) {
            closedPort = listener.localAddress();
        }
        try (Poll poll = Poll.open("epoll")) {
            ConnectException refused;
            TcpStream connecting = null;
            try {
                connecting = TcpStream.connect(closedPort, poll.provider());
                poll.registry().register(connecting, new Token(1), Interest.WRITABLE);
                Event event = pollOne(poll);
                assertTrue(event.isError() || event.isWriteClosed(), event.toString());
                IOException error = connecting.takeError();
                assertNotNull(error, "no pending error after " + event);
                refused = assertInstanceOf(ConnectException.class, error);
            } catch (ConnectException atOnce) {
                refused = atOnce; // a non-blocking connect may also fail before it returns
            } finally {
                if (connecting != null) {
                    connecting.close();
                }
            }
            assertTrue(refused.getMessage().contains("ECONNREFUSED"), refused.getMessage());
        }
    }

    @Test
    void aTooLongUnixPathIsAnIllegalArgumentExceptionGivingTheLength(@TempDir Path directory) throws Exception {
        Path tooLong = directory.resolve("s".repeat(120));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnixListener.bind(UnixAddress.of(tooLong), epoll()).close());
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
    }

    private static Event pollOne(Poll poll) throws IOException {
        Events events = Events.withCapacity(4);
        for (int attempt = 0; attempt < 10 && events.isEmpty(); attempt++) {
            poll.poll(events, Duration.ofMillis(500));
        }
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

}
