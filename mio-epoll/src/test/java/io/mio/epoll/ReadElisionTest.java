package io.mio.epoll;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Mode;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.Shutdown;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The would-block read after a short read on a registered TCP stream is answered without a system
 * call (io.mio.posix.ReadElision), and that never hides data, end of stream or a missing event.
 * On loopback a write has put its bytes in the peer's receive queue when it returns, so "the data
 * is there" needs no waiting.
 */
@Timeout(30)
class ReadElisionTest {
    private static final Token SERVER = new Token(1);
    private static final Token OTHER = new Token(2);

    /** An epoll poll and a connected pair on loopback; the accepted end (the server) is not yet registered. */
    private static final class Connection implements AutoCloseable {
        final Poll poll = Poll.open("epoll");
        final Events events = Events.withCapacity(16);
        final ByteBuffer in = ByteBuffer.allocateDirect(256);
        final TcpStream client;
        final TcpStream server;

        Connection() throws IOException {
            try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    poll.provider())) {
                poll.registry().register(listener, OTHER, Interest.READABLE);
                client = TcpStream.connect(listener.localAddress(), poll.provider());
                TcpStream accepted;
                while ((accepted = listener.accept()) == null) {
                    awaitEvent(OTHER);
                }
                server = accepted;
            }
            // the client's connect completes with a writable event (a handshake, not a sleep)
            poll.registry().register(client, OTHER, Interest.WRITABLE);
            awaitEvent(OTHER);
            poll.registry().deregister(client);
        }

        /** Registers the server with {@code interests}, then the peer writes 10 bytes and the server reads them after their event. */
        void shortRead(Interest interests) throws IOException {
            poll.registry().register(server, SERVER, interests);
            write(10);
            awaitEvent(SERVER);
            assertEquals(10, read(), "a short read");
        }

        /** The peer writes {@code bytes}, all at once. */
        void write(int bytes) throws IOException {
            assertEquals(bytes, client.write(ByteBuffer.allocateDirect(bytes)));
        }

        /** The server reads into a buffer of 256 bytes. */
        int read() throws IOException {
            return server.read(in.clear());
        }

        /** Polls until an event for {@code token} arrives (bounded). */
        Event awaitEvent(Token token) throws IOException {
            for (int i = 0; i < 100; i++) {
                poll.poll(events, Duration.ofMillis(50));
                for (Event e : events) {
                    if (e.token().equals(token)) {
                        return e;
                    }
                }
            }
            throw new AssertionError("no event for " + token + " within the bound");
        }

        @Override
        public void close() throws IOException {
            try (poll; client; server) {
                // closes the three, the last opened first
            }
        }
    }

    @Test
    void dataAfterAShortReadComesWithAnEventAndIsReadThen() throws Exception {
        try (Connection c = new Connection()) {
            c.shortRead(Interest.READABLE);
            c.write(20);
            // the data is queued, but no event was decoded since the short read: elided
            assertEquals(0, c.read(), "the read after a short read is answered would-block");
            Event e = c.awaitEvent(SERVER);
            assertTrue(e.isReadable(), e.toString());
            assertEquals(20, c.read(), "after the event the read reaches the kernel");
        }
    }

    @Test
    void anUnregisteredOrDeregisteredStreamNeverElides() throws Exception {
        try (Connection c = new Connection()) {
            c.write(10);
            assertEquals(10, c.read());
            c.write(20);
            assertEquals(20, c.read(), "never registered: no edge would come, so no elision");

            c.shortRead(Interest.READABLE);
            c.poll.registry().deregister(c.server);
            c.write(30);
            assertEquals(30, c.read(), "deregistered after the short read: no elision");
        }
    }

    @Test
    void endOfStreamAfterAShortReadSurfaces() throws Exception {
        try (Connection c = new Connection()) {
            c.poll.registry().register(c.server, SERVER, Interest.READABLE);
            // data and FIN both decoded before the short read: the elision is off for good
            c.write(10);
            c.client.close();
            Event e = c.awaitEvent(SERVER);
            int total = c.read();
            if (!e.isReadClosed()) { // the FIN came in its own edge
                e = c.awaitEvent(SERVER);
                assertTrue(e.isReadClosed(), e.toString());
            }
            assertEquals(10, total);
            assertEquals(-1, c.read(), "end of stream after a short read is reported");
        }
    }

    @Test
    void endOfStreamArrivingAfterTheShortReadComesWithAnEvent() throws Exception {
        try (Connection c = new Connection()) {
            c.shortRead(Interest.READABLE);
            c.client.close();
            Event e = c.awaitEvent(SERVER);
            assertTrue(e.isReadClosed(), e.toString());
            assertEquals(-1, c.read());
        }
    }

    @Test
    void shutdownReadAfterAShortReadReachesTheKernel() throws Exception {
        try (Connection c = new Connection()) {
            c.shortRead(Interest.READABLE);
            c.server.shutdown(Shutdown.READ);
            assertEquals(-1, c.read(), "after shutdown(READ) the read reports end of stream");
        }
    }

    @Test
    void aReregisterEndsTheElision() throws Exception {
        try (Connection c = new Connection()) {
            c.shortRead(Interest.READABLE);
            c.write(20);
            c.poll.registry().reregister(c.server, SERVER, Interest.READABLE.add(Interest.WRITABLE));
            assertEquals(20, c.read(), "a reregister ends the elision");
        }
    }

    @Test
    void aLevelOrOneshotRegistrationNeverElides() throws Exception {
        for (Mode mode : new Mode[] {Mode.LEVEL, Mode.ONESHOT}) {
            try (Connection c = new Connection()) {
                c.shortRead(Interest.READABLE.with(mode));
                c.write(20);
                // oneshot: no event would follow; level: the user need not drain. The same steps
                // in the edge mode answer 0 (dataAfterAShortReadComesWithAnEventAndIsReadThen)
                assertEquals(20, c.read(), mode + ": the read after a short read reaches the kernel");
            }
        }
    }

    @Test
    void aStreamRegisteredWithoutReadableNeverElides() throws Exception {
        try (Connection c = new Connection()) {
            c.poll.registry().register(c.server, SERVER, Interest.WRITABLE);
            c.write(10);
            assertEquals(10, c.read());
            c.write(20);
            assertEquals(20, c.read(), "no readable edge would come: no elision");
        }
    }

    @Test
    void aFullReadIsNotShort() throws Exception {
        try (Connection c = new Connection()) {
            c.poll.registry().register(c.server, SERVER, Interest.READABLE);
            c.write(30);
            c.awaitEvent(SERVER);
            ByteBuffer small = ByteBuffer.allocateDirect(10);
            assertEquals(10, c.server.read(small), "fills the buffer: more may be queued");
            assertEquals(10, c.server.read(small.clear()));
            assertEquals(10, c.server.read(small.clear()));
            assertEquals(0, c.server.read(small.clear()), "would-block from the kernel");
        }
    }
}
