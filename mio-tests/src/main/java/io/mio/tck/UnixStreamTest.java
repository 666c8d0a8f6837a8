package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.spi.Capability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unix-domain stream sockets and listeners; after mio's {@code tests/unix_stream.rs} and
 * {@code tests/unix_listener.rs}. Needs {@link Capability#UNIX_STREAM}.
 */
public class UnixStreamTest extends TckBase {
    private static final Token LISTENER = new Token(0);
    private static final Token ID1 = new Token(1);
    private static final byte[] DATA = "unix says hi".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Creates the test. */
    public UnixStreamTest() {
    }

    /** A connected pair (client, accepted server) through a path listener. */
    private record Pair(UnixStream client, UnixStream server, UnixListener listener, Path path) {
    }

    private Pair pair() throws IOException {
        requires(Capability.UNIX_STREAM);
        Path path = tempPath("s.sock");
        UnixListener listener = track(UnixListener.bind(UnixAddress.of(path), provider));
        UnixStream client = track(UnixStream.connect(UnixAddress.of(path), provider));
        UnixStream server = track(acceptWithin(listener));
        awaitConnected(client);
        return new Pair(client, server, listener, path);
    }

    private UnixStream acceptWithin(UnixListener listener) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        UnixStream accepted;
        while ((accepted = listener.accept()) == null) {
            assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] no connection to accept within " + BOUND);
            LockSupport.parkNanos(200_000);
        }
        return accepted;
    }

    private void awaitConnected(UnixStream stream) throws IOException {
        try (Poll poll = provider.openPoll()) {
            poll.registry().register(stream, ID1, Interest.WRITABLE);
            Events events = Events.withCapacity(4);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (stream.peerAddress() == null) {
                IOException error = stream.takeError();
                if (error != null) {
                    throw error;
                }
                assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] connect not finished within " + BOUND);
                poll.poll(events, EXPECT_TIMEOUT);
            }
            poll.registry().deregister(stream);
        }
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void listenerBindsToAPathAndReportsIt() throws IOException {
        Path path = tempPath("listener.sock");
        UnixListener listener = track(UnixListener.bind(UnixAddress.of(path), provider));
        assertEquals(UnixAddress.of(path), listener.localAddress());
        assertTrue(Files.exists(path), "binding a path creates the socket file");
        assertNull(listener.accept(), "accept returns null when no connection is pending");
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void listenerIsReadableWhenAConnectionIsPending() throws IOException {
        Poll poll = openPoll();
        Path path = tempPath("l.sock");
        UnixListener listener = track(UnixListener.bind(UnixAddress.of(path), provider));
        poll.registry().register(listener, LISTENER, Interest.READABLE);
        track(UnixStream.connect(UnixAddress.of(path), provider));
        expectEvents(poll, Events.withCapacity(8), expect(LISTENER, Ready.READABLE));
        assertNotNull(track(listener.accept()));
        assertNull(listener.accept());
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void connectAcceptReadAndWrite() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        assertEquals(DATA.length, pair.client().write(ByteBuffer.wrap(DATA)));
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        assertArrayEquals(DATA, readExactly(pair.server(), DATA.length));
        assertReadWouldBlock(pair.server());
        assertEquals(DATA.length, pair.server().write(ByteBuffer.wrap(DATA)));
        assertArrayEquals(DATA, readExactly(pair.client(), DATA.length));
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void addressesOfAConnectedPair() throws IOException {
        Pair pair = pair();
        UnixAddress listenerAddress = UnixAddress.of(pair.path());
        assertEquals(listenerAddress, pair.client().peerAddress());
        assertTrue(pair.client().localAddress().isUnnamed(), "a connecting socket is unnamed");
        assertEquals(listenerAddress, pair.server().localAddress());
        assertTrue(pair.server().peerAddress().isUnnamed(), "the accepted side's peer is unnamed");
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void vectoredWriteAndRead() throws IOException {
        Pair pair = pair();
        assertEquals(6, pair.client().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2}),
                ByteBuffer.wrap(new byte[] {3, 4, 5, 6})}));
        byte[] got = readExactly(pair.server(), 6);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, got);
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void largeTransferUntilWouldBlockThenDrains() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.client(), ID1, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        byte[] chunk = new byte[32 * 1024];
        ThreadLocalRandom.current().nextBytes(chunk);
        long written = 0;
        while (written < (64L << 20)) {
            int n = pair.client().write(ByteBuffer.wrap(chunk));
            if (n == 0) {
                break;
            }
            written += n;
        }
        assertTrue(written < (64L << 20), "a write must would-block once the buffers are full");
        long read = 0;
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (read < written) {
            int n = pair.server().read(in.clear());
            assertTrue(n >= 0);
            read += n;
            if (n == 0) {
                assertTrue(System.nanoTime() - deadline < 0, "drain stalled");
                LockSupport.parkNanos(100_000);
            }
        }
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
    }

    @TckTest
    @Requires({Capability.UNIX_STREAM, Capability.UNIX_ABSTRACT_NAMES})
    void abstractNameListener() throws IOException {
        UnixAddress name = UnixAddress.ofAbstract("mio-tck-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        UnixListener listener = track(UnixListener.bind(name, provider));
        assertEquals(name, listener.localAddress());
        UnixStream client = track(UnixStream.connect(name, provider));
        UnixStream server = track(acceptWithin(listener));
        awaitConnected(client);
        assertEquals(name, client.peerAddress());
        assertEquals(DATA.length, client.write(ByteBuffer.wrap(DATA)));
        assertArrayEquals(DATA, readExactly(server, DATA.length));
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM_PAIR)
    void pairIsConnectedBothWays() throws IOException {
        Poll poll = openPoll();
        UnixStream[] ends = UnixStream.pair(provider);
        track(ends[0]);
        track(ends[1]);
        poll.registry().register(ends[1], ID1, Interest.READABLE);
        assertEquals(DATA.length, ends[0].write(ByteBuffer.wrap(DATA)));
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        assertArrayEquals(DATA, readExactly(ends[1], DATA.length));
        assertEquals(DATA.length, ends[1].write(ByteBuffer.wrap(DATA)));
        assertArrayEquals(DATA, readExactly(ends[0], DATA.length));
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM_PAIR)
    void pairEndsAreUnnamed() throws IOException {
        UnixStream[] ends = UnixStream.pair(provider);
        track(ends[0]);
        track(ends[1]);
        for (UnixStream end : ends) {
            // socketpair(2) sockets have no name, as in mio's unix_stream_pair
            assertTrue(end.localAddress().isUnnamed(), () -> "local address of a pair end: " + addressOf(end, true));
            assertTrue(end.peerAddress().isUnnamed(), () -> "peer address of a pair end: " + addressOf(end, false));
        }
    }

    private static String addressOf(UnixStream end, boolean local) {
        try {
            return String.valueOf(local ? end.localAddress() : end.peerAddress());
        } catch (IOException e) {
            return e.toString();
        }
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void shutdownWriteGivesThePeerEndOfStream() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        pair.client().shutdown(Shutdown.WRITE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        awaitEndOfStream(pair.server());
        assertIoFailure(() -> pair.client().write(ByteBuffer.wrap(DATA)), "broken pipe");
    }

    @TckTest
    @Requires({Capability.READ_CLOSED_EVENTS, Capability.UNIX_STREAM})
    void shutdownWriteGivesThePeerAReadClosedEvent() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        pair.client().shutdown(Shutdown.WRITE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE, Ready.READ_CLOSED));
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void shutdownReadMakesReadsReturnEndOfStream() throws IOException {
        Pair pair = pair();
        pair.client().shutdown(Shutdown.READ);
        assertEquals(-1, pair.client().read(ByteBuffer.allocate(8)));
    }

    @TckTest
    @Requires({Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS, Capability.UNIX_STREAM})
    void shutdownBothGivesReadClosedAndWriteClosedEvents() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.client(), ID1, Interest.READABLE.add(Interest.WRITABLE));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        pair.client().shutdown(Shutdown.BOTH);
        expectEvents(poll, events, expect(ID1, Ready.READ_CLOSED, Ready.WRITE_CLOSED));
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void peerCloseGivesEndOfStream() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.client(), ID1, Interest.READABLE);
        pair.server().close();
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        awaitEndOfStream(pair.client());
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void noEventsAfterDeregister() throws IOException {
        Poll poll = openPoll();
        Pair pair = pair();
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        poll.registry().deregister(pair.server());
        assertEquals(DATA.length, pair.client().write(ByteBuffer.wrap(DATA)));
        expectNoEventForThroughAWake(poll, Events.withCapacity(8), ID1);
        assertArrayEquals(DATA, readExactly(pair.server(), DATA.length), "the data arrived all along");
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void bindingAnExistingPathFails() throws IOException {
        Path path = tempPath("taken.sock");
        track(UnixListener.bind(UnixAddress.of(path), provider));
        IOException e = assertThrows(IOException.class, () -> track(UnixListener.bind(UnixAddress.of(path), provider)));
        assertMessageNames(e, "in use");
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void connectingToAMissingPathFails() throws IOException {
        Path path = tempPath("nobody-listens.sock");
        UnixStream stream;
        try {
            stream = track(UnixStream.connect(UnixAddress.of(path), provider));
        } catch (IOException failedAtOnce) {
            assertMessageNames(failedAtOnce, "no such file");
            return;
        }
        Poll poll = openPoll();
        poll.registry().register(stream, ID1, Interest.WRITABLE);
        awaitEvent(poll, Events.withCapacity(4), ID1);
        assertNotNull(stream.takeError(), "a connect to a missing path must fail");
    }

    @TckTest
    void bindingAnUnnamedAddressIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnixListener.bind(UnixAddress.unnamed(), provider));
        assertMessageNames(e, "unnamed");
        assertMessageNames(assertThrows(IllegalArgumentException.class,
                () -> UnixStream.connect(UnixAddress.unnamed(), provider)), "unnamed");
    }

    @TckTest
    @Requires(absent = Capability.UNIX_STREAM)
    void withoutTheCapabilityUnixStreamsAreUnsupported() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> UnixListener.bind(UnixAddress.of(tempPath("x.sock")), provider));
        assertMessageNames(e, backend(), "UNIX_STREAM");
    }

    @TckTest
    @Requires(Capability.UNIX_STREAM)
    void operationsOnAClosedStreamFail() throws IOException {
        Pair pair = pair();
        pair.client().close();
        assertFalse(pair.client().isOpen());
        assertThrows(ClosedChannelException.class, () -> pair.client().read(ByteBuffer.allocate(4)));
        assertThrows(ClosedChannelException.class, () -> pair.client().write(ByteBuffer.wrap(DATA)));
        pair.listener().close();
        assertThrows(ClosedChannelException.class, () -> pair.listener().accept());
    }
}
