package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.Source;
import io.mio.Token;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sources a user composes (mio's {@code event::Source} implemented for a user type): a type that
 * holds sources registers, reregisters and deregisters by delegating to them, its events carry the
 * user's tokens, its own exceptions reach the caller unchanged, and the registry's checks still hold
 * for the sources it reaches. After the {@code event::Source} docs and mio's
 * {@code tests/registering.rs}.
 */
public class ComposedSourceTest extends TckBase {
    private static final Token CONN = new Token(40);
    private static final Token MOVED = new Token(41);
    private static final byte[] PING = {'p', 'i', 'n', 'g'};

    /** Creates the test. */
    public ComposedSourceTest() {
    }

    /**
     * A connection object around a stream, as users write them: it keeps what it was registered
     * with, delegating straight to the stream (mio's style) for register and deregister and through
     * the registry for reregister.
     */
    static final class Connection implements Source {
        final TcpStream stream;
        Token token;

        Connection(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            stream.register(registry, token, interests);
            this.token = token;
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            registry.reregister(stream, token, interests);
            this.token = token;
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            stream.deregister(registry);
            token = null;
        }
    }

    /** Any number of sources; the i-th one's events carry the given token's value plus i. */
    record Bundle(Source... parts) implements Source {
        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                registry.register(parts[i], new Token(token.value() + i), interests);
            }
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                registry.reregister(parts[i], new Token(token.value() + i), interests);
            }
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            for (Source part : parts) {
                registry.deregister(part);
            }
        }
    }

    /** Refuses every call with the exception it holds, delegating to nothing. */
    record Refusing(RuntimeException failure, IOException ioFailure) implements Source {
        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            refuse();
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            refuse();
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            refuse();
        }

        private void refuse() throws IOException {
            if (ioFailure != null) {
                throw ioFailure;
            }
            throw failure;
        }
    }

    /** Forgets to delegate; counts the calls it got. */
    static final class Hollow implements Source {
        final TcpStream stream;
        int calls;

        Hollow(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public void register(Registry registry, Token token, Interest interests) {
            calls++;
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) {
            calls++;
        }

        @Override
        public void deregister(Registry registry) {
            calls++;
        }
    }

    /** Registers a connection around the server end of {@code pair}, for readable under CONN. */
    private static Connection registered(Poll poll, TcpPair pair) throws IOException {
        Connection connection = new Connection(pair.server());
        poll.registry().register(connection, CONN, Interest.READABLE);
        assertSame(CONN, connection.token);
        return connection;
    }

    @TckTest
    void aWrappedStreamGetsEventsUnderTheUsersToken() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        Connection connection = registered(poll, pair);
        writeAll(pair.client(), PING);
        expectEvents(poll, Events.withCapacity(8), expect(CONN, Ready.READABLE));
        assertArrayEquals(PING, readExactly(connection.stream, PING.length));
        assertReadWouldBlock(connection.stream);
    }

    @TckTest
    void reregisteringAWrappedStreamChangesTokenAndInterests() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        Connection connection = registered(poll, pair);
        Events events = Events.withCapacity(8);
        poll.registry().reregister(connection, MOVED, Interest.WRITABLE);
        assertSame(MOVED, connection.token);
        expectEvents(poll, events, expect(MOVED, Ready.WRITABLE));
        writeAll(pair.client(), PING);
        // readable is no longer asked for, and the old token is gone
        expectNoEventForThroughAWake(poll, events, CONN);
        poll.registry().reregister(connection, CONN, Interest.READABLE);
        expectEvents(poll, events, expect(CONN, Ready.READABLE));
        assertArrayEquals(PING, readExactly(connection.stream, PING.length));
    }

    @TckTest
    void noEventsAfterAWrappedStreamIsDeregistered() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        Connection connection = registered(poll, pair);
        poll.registry().deregister(connection);
        assertEquals(null, connection.token);
        Events events = Events.withCapacity(8);
        writeAll(pair.client(), PING);
        expectNoEventForThroughAWake(poll, events, CONN);
        // deregistered through the wrapper, the stream itself is free to register again
        poll.registry().register(connection.stream, MOVED, Interest.READABLE);
        expectEvents(poll, events, expect(MOVED, Ready.READABLE));
    }

    @TckTest
    void aSourceOfTwoSourcesReportsEachUnderItsOwnToken() throws IOException {
        Token streamToken = new Token(100);
        Token udpToken = new Token(101);
        Events events = Events.withCapacity(8);
        Poll poll = openPoll();
        TcpPair first = tcpPair(IpFamily.IPV4);
        UdpSocket receiver = udp(IpFamily.IPV4);
        Bundle bundle = new Bundle(new Connection(first.server()), receiver);
        poll.registry().register(bundle, streamToken, Interest.READABLE);
        UdpSocket sender = udp(IpFamily.IPV4);

        assertTrue(sender.sendTo(ByteBuffer.wrap(PING), receiver.localAddress()));
        expectEvents(poll, events, expect(udpToken, Ready.READABLE));
        ByteBuffer datagram = ByteBuffer.allocate(16);
        assertEquals(sender.localAddress(), receiver.receive(datagram));
        assertEquals(PING.length, datagram.position());
        writeAll(first.client(), PING);
        expectEvents(poll, events, expect(streamToken, Ready.READABLE));
        assertArrayEquals(PING, readExactly(first.server(), PING.length));

        poll.registry().reregister(bundle, new Token(200), Interest.READABLE);
        assertTrue(sender.sendTo(ByteBuffer.wrap(PING), receiver.localAddress()));
        expectEvents(poll, events, expect(new Token(201), Ready.READABLE));
        assertEquals(sender.localAddress(), receiver.receive(ByteBuffer.allocate(16)));

        poll.registry().deregister(bundle);
        assertTrue(sender.sendTo(ByteBuffer.wrap(PING), receiver.localAddress()));
        expectNoEventForThroughAWake(poll, events, new Token(201));
        writeAll(first.client(), PING);
        expectNoEventForThroughAWake(poll, events, new Token(200));
    }

    @TckTest
    void theUsersOwnExceptionReachesTheCallerUnchanged() throws IOException {
        Poll poll = openPoll();
        Registry registry = poll.registry();
        IOException handshake = new IOException("TLS handshake not finished");
        Refusing io = new Refusing(null, handshake);
        assertSame(handshake, assertThrows(IOException.class, () -> registry.register(io, CONN, Interest.READABLE)));
        assertSame(handshake, assertThrows(IOException.class, () -> registry.reregister(io, CONN, Interest.READABLE)));
        assertSame(handshake, assertThrows(IOException.class, () -> registry.deregister(io)));
        UnsupportedOperationException refused = new UnsupportedOperationException("read-only connection");
        Refusing unchecked = new Refusing(refused, null);
        assertSame(refused, assertThrows(UnsupportedOperationException.class,
                () -> registry.register(unchecked, CONN, Interest.READABLE)));
    }

    @TckTest
    void aSourceThatDelegatesToNothingIsAnIllegalArgument() throws IOException {
        Poll poll = openPoll();
        Hollow hollow = new Hollow(tcpPair(IpFamily.IPV4).server());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poll.registry().register(hollow, CONN, Interest.READABLE));
        assertMessageNames(e, Hollow.class.getName(), "register", "delegate");
        assertMessageNames(assertThrows(IllegalArgumentException.class,
                () -> poll.registry().reregister(hollow, CONN, Interest.READABLE)), "reregister");
        assertMessageNames(assertThrows(IllegalArgumentException.class,
                () -> poll.registry().deregister(hollow)), "deregister");
        assertEquals(3, hollow.calls);
        // and the stream it holds was not registered: it registers normally
        poll.registry().register(hollow.stream, CONN, Interest.WRITABLE);
        expectEvents(poll, Events.withCapacity(8), expect(CONN, Ready.WRITABLE));
    }

    @TckTest
    void registeringAWrappedStreamTwiceIsAnError() throws IOException {
        Poll poll = openPoll();
        Connection connection = registered(poll, tcpPair(IpFamily.IPV4));
        assertMessageNames(assertThrows(IllegalStateException.class,
                () -> poll.registry().register(connection, MOVED, Interest.READABLE)), "already registered");
        assertMessageNames(assertThrows(IllegalStateException.class,
                () -> poll.registry().register(new Bundle(connection.stream), MOVED, Interest.READABLE)),
                "already registered");
        Poll other = openPoll();
        assertMessageNames(assertThrows(IllegalStateException.class,
                () -> other.registry().register(connection, CONN, Interest.READABLE)), "another poll");
    }

    @TckTest
    void aClosedWrappedStreamCannotBeRegistered() throws IOException {
        Poll poll = openPoll();
        Connection connection = new Connection(tcpPair(IpFamily.IPV4).server());
        connection.stream.close();
        assertThrows(ClosedChannelException.class, () -> poll.registry().register(connection, CONN, Interest.READABLE));
        assertEquals(null, connection.token);
    }

    @TckTest
    void aWrappedSourceOfAnotherBackendIsRejected() throws IOException {
        Poll poll = openPoll();
        IoSource foreign = ForeignProvider.INSTANCE.source();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poll.registry().register(new Bundle(foreign), CONN, Interest.READABLE));
        assertMessageNames(e, backend(), ForeignProvider.INSTANCE.name());
    }

    @TckTest
    void theChecksOfAClosedPollHoldThroughAWrapper() throws IOException {
        Poll poll = openPoll();
        Connection connection = registered(poll, tcpPair(IpFamily.IPV4));
        poll.close();
        assertThrows(io.mio.ClosedPollException.class,
                () -> poll.registry().reregister(connection, MOVED, Interest.READABLE));
        assertThrows(NullPointerException.class, () -> poll.registry().register(connection, null, Interest.READABLE));
    }
}
