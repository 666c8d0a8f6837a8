package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.MioSocketOptions;
import io.mio.net.Shutdown;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.Capability;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * TCP streams: connect, read, write, vectored I/O, peek, shutdown, reset, refused connects, options
 * and edge-triggered delivery; after mio's {@code tests/tcp_stream.rs}, {@code tests/tcp.rs} and
 * {@code tests/close_on_drop.rs}.
 */
public class TcpStreamTest extends TckBase {
    private static final Token ID1 = new Token(1);
    private static final Token ID2 = new Token(2);
    private static final byte[] HELLO = "hello mio".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Creates the test. */
    public TcpStreamTest() {
    }

    // ------------------------------------------------------------------ connect, read, write

    @TckTest
    @EachOf(IpFamily.class)
    void connectGivesAWritableEventAndAPeerAddress(IpFamily family) throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(family), provider));
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        poll.registry().register(client, ID1, Interest.WRITABLE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.WRITABLE));
        assertNull(client.takeError());
        assertEquals(listener.localAddress(), client.peerAddress());
        assertEquals(family.loopback(), client.localAddress().getAddress());
    }

    @TckTest
    @EachOf(IpFamily.class)
    void readableAfterPeerWrites(IpFamily family) throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(family);
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        writeAll(pair.client(), HELLO);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
        assertReadWouldBlock(pair.server());
    }

    @TckTest
    @EachOf(IpFamily.class)
    void readWriteRoundTrip(IpFamily family) throws IOException {
        TcpPair pair = tcpPair(family);
        writeAll(pair.client(), HELLO);
        byte[] got = readExactly(pair.server(), HELLO.length);
        writeAll(pair.server(), got);
        assertArrayEquals(HELLO, readExactly(pair.client(), HELLO.length));
    }

    @TckTest
    void readReturnsZeroWhenNoDataIsAvailable() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        assertReadWouldBlock(pair.client());
        assertReadWouldBlock(pair.server());
    }

    @TckTest
    void readReturnsMinusOneAtEndOfStream() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.client().close();
        awaitEndOfStream(pair.server());
        assertEquals(-1, pair.server().read(ByteBuffer.allocate(4)), "end of stream stays end of stream");
    }

    @TckTest
    void vectoredWriteAndReadKeepTheOrder() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        ByteBuffer[] out = {ByteBuffer.wrap(new byte[] {1, 2, 3}), ByteBuffer.wrap(new byte[0]),
                ByteBuffer.wrap(new byte[] {4, 5}), ByteBuffer.wrap(new byte[] {6, 7, 8, 9})};
        assertEquals(9, pair.client().write(out));
        ByteBuffer[] in = {ByteBuffer.allocate(4), ByteBuffer.allocate(5)};
        long total = 0;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (total < 9 && System.nanoTime() - deadline < 0) {
            long n = pair.server().read(in);
            assertTrue(n >= 0, "unexpected end of stream");
            total += n;
            if (n == 0) {
                LockSupport.parkNanos(200_000);
            }
        }
        assertEquals(9, total);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, in[0].array());
        assertArrayEquals(new byte[] {5, 6, 7, 8, 9}, in[1].array());
    }

    @TckTest
    void vectoredReadReturnsZeroWhenNoDataIsAvailable() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        assertEquals(0, pair.server().read(new ByteBuffer[] {ByteBuffer.allocate(4), ByteBuffer.allocate(4)}));
    }

    @TckTest
    void largeTransferFillsUntilWouldBlockThenDrainsIntact() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        TcpStream writer = pair.client();
        TcpStream reader = pair.server();
        poll.registry().register(writer, ID1, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long written = 0;
        int wouldBlock = 0;
        // fill the socket buffers until a write would block (bounded at 256 MiB)
        while (written < (256L << 20)) {
            fill(chunk, written);
            int n = writer.write(chunk);
            if (n == 0) {
                wouldBlock++;
                break;
            }
            written += n;
        }
        assertEquals(1, wouldBlock, "a write must would-block (return 0) once the buffers are full");
        // drain and check every byte
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long read = 0;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (read < written) {
            in.clear();
            int n = reader.read(in);
            assertTrue(n >= 0, "unexpected end of stream");
            for (int i = 0; i < n; i++) {
                if (in.get(i) != patternByte(read + i)) {
                    fail("[" + backend() + "] byte " + (read + i) + " differs");
                }
            }
            read += n;
            if (n == 0) {
                assertTrue(System.nanoTime() - deadline < 0, "drain stalled at " + read + " of " + written);
                LockSupport.parkNanos(100_000);
            }
        }
        // the writer became writable again after its would-block
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
    }

    private static void fill(ByteBuffer chunk, long offset) {
        chunk.clear();
        for (int i = 0; i < chunk.capacity(); i++) {
            chunk.put(i, patternByte(offset + i));
        }
    }

    private static byte patternByte(long index) {
        return (byte) (index * 31 + (index >>> 11));
    }

    @TckTest
    void writeThenCloseDeliversTheDataBeforeEndOfStream() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        byte[] data = new byte[16 * 1024];
        Arrays.fill(data, (byte) 42);
        writeAll(pair.client(), data);
        pair.client().close();
        assertArrayEquals(data, readExactly(pair.server(), data.length));
        awaitEndOfStream(pair.server());
    }

    @TckTest
    void writeThenDeregisterStillDeliversTheData() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.WRITABLE);
        writeAll(pair.client(), HELLO);
        poll.registry().deregister(pair.client());
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
    }

    @TckTest
    void connectedStreamRegisteredLaterIsWritable() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID1, Interest.WRITABLE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.WRITABLE));
    }

    @TckTest
    void dataArrivedBeforeRegisterIsReported() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        writeAll(pair.client(), HELLO);
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
    }

    // ------------------------------------------------------------------ edge-triggered delivery

    @TckTest
    void readableIsNotReportedAgainWithoutARead() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        writeAll(pair.client(), HELLO);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.READABLE));
        expectNoEventFor(poll, events, ID1);
    }

    @TckTest
    void readableIsReportedAgainAfterAReadWouldBlock() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        Events events = Events.withCapacity(8);
        for (int round = 0; round < 3; round++) {
            writeAll(pair.client(), HELLO);
            expectEvents(poll, events, expect(ID1, Ready.READABLE));
            assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
            assertReadWouldBlock(pair.server());
        }
    }

    @TckTest
    void readableIsReportedAgainAfterReregister() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        writeAll(pair.client(), HELLO);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.READABLE));
        poll.registry().reregister(pair.server(), ID2, Interest.READABLE);
        expectEvents(poll, events, expect(ID2, Ready.READABLE));
    }

    @TckTest
    void writableIsReportedOnceUntilAWriteWouldBlock() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        writeAll(pair.client(), HELLO);
        // a write that did not block does not re-arm the edge
        expectNoEventFor(poll, events, ID1);
        // fill the send path until a write would block (0), then drain the peer: writable again
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long written = 0;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (pair.client().write(chunk.clear()) > 0) {
            written += chunk.position();
            assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] writes never would-block");
        }
        written += chunk.position();
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        long read = 0;
        while (read < written) {
            int n = pair.server().read(sink.clear());
            assertTrue(n >= 0, "end of stream while draining");
            read += n;
            assertTrue(System.nanoTime() - deadline < 0, () -> "[" + backend() + "] drained only part of the data");
        }
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
    }

    @TckTest
    @Requires(Capability.PRIORITY_EVENTS)
    void priorityInterestReportsUrgentData() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        // the JDK's blocking socket can send TCP urgent (out-of-band) data; mio's API cannot
        java.net.Socket peerSocket = track(new java.net.Socket());
        peerSocket.connect(listener.localAddress(), (int) BOUND.toMillis());
        TcpStream server = track(acceptWithin(listener));
        poll.registry().register(server, ID1, Interest.PRIORITY);
        expectNoEventFor(poll, Events.withCapacity(8), ID1);
        peerSocket.sendUrgentData(0x55);
        Seen seen = awaitEvent(poll, Events.withCapacity(8), ID1, Seen::priority);
        assertFalse(seen.writable(), () -> "only PRIORITY was asked for: " + seen);
    }

    @TckTest
    @Requires(absent = Capability.IP_TTL)
    void ttlWithoutTheCapabilityIsUnsupported() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> pair.client().ttl());
        assertMessageNames(e, backend(), "IP_TTL");
        assertThrows(UnsupportedOperationException.class, () -> pair.client().setTtl(9));
    }

    @TckTest
    void optionValuesOutOfRangeAreRejected() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        IllegalArgumentException rcvbuf = assertThrows(IllegalArgumentException.class,
                () -> pair.client().setOption(StandardSocketOptions.SO_RCVBUF, -1));
        assertMessageNames(rcvbuf, "SO_RCVBUF", "-1");
        IllegalArgumentException sndbuf = assertThrows(IllegalArgumentException.class,
                () -> pair.client().setOption(StandardSocketOptions.SO_SNDBUF, -5));
        assertMessageNames(sndbuf, "SO_SNDBUF", "-5");
        if (provider.capabilities().contains(Capability.IP_TTL)) {
            assertMessageNames(assertThrows(IllegalArgumentException.class, () -> pair.client().setTtl(256)), "ttl");
            assertMessageNames(assertThrows(IllegalArgumentException.class, () -> pair.client().setTtl(-1)), "ttl");
        }
        assertEquals(false, pair.client().nodelay(), "a rejected value changes nothing");
    }

    @TckTest
    void shutdownOfAStreamWhoseConnectFailedIsNotConnected() throws IOException {
        Poll poll = openPoll();
        TcpStream client = connectingToAClosedPort();
        poll.registry().register(client, ID1, Interest.WRITABLE);
        awaitEvent(poll, Events.withCapacity(8), ID1);
        assertInstanceOf(ConnectException.class, client.takeError());
        // the socket stays open (close is the user's), but has no connection to shut down
        assertTrue(client.isOpen());
        assertIoFailure(() -> client.shutdown(Shutdown.WRITE), "not connected");
    }

    @TckTest
    void readableAndWritableInterestsReportBoth() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID1, Interest.READABLE.add(Interest.WRITABLE));
        writeAll(pair.client(), HELLO);
        Events events = Events.withCapacity(8);
        boolean readable = false;
        boolean writable = false;
        for (int i = 0; i < EXPECT_POLLS && !(readable && writable); i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (io.mio.Event event : events) {
                if (event.token().equals(ID1)) {
                    readable |= event.isReadable();
                    writable |= event.isWritable();
                }
            }
        }
        assertTrue(readable && writable, "both interests must be reported");
    }

    // ------------------------------------------------------------------ peek

    @TckTest
    @Requires(Capability.PEEK)
    void peekDoesNotConsume() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        ByteBuffer peeked = peekSentBytes(pair);
        assertArrayEquals(Arrays.copyOf(HELLO, peeked.position()), Arrays.copyOf(peeked.array(), peeked.position()));
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
    }

    /** The client sends HELLO; the server peeks until it sees bytes (bounded); {@return the bytes peeked} */
    private ByteBuffer peekSentBytes(TcpPair pair) throws IOException {
        writeAll(pair.client(), HELLO);
        ByteBuffer peeked = ByteBuffer.allocate(HELLO.length);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (peeked.position() == 0 && System.nanoTime() - deadline < 0) {
            peeked.clear();
            pair.server().peek(peeked);
        }
        assertTrue(peeked.position() > 0, "peek must see the data");
        return peeked;
    }

    @TckTest
    @Requires(Capability.PEEK)
    void peekReturnsZeroWhenNoDataIsAvailable() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        assertEquals(0, pair.server().peek(ByteBuffer.allocate(8)));
    }

    @TckTest
    @Requires(absent = Capability.PEEK)
    void peekWithoutTheCapabilityIsUnsupported() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> pair.server().peek(ByteBuffer.allocate(8)));
        assertMessageNames(e, backend());
    }

    // ------------------------------------------------------------------ shutdown, close, reset

    @TckTest
    void shutdownWriteGivesThePeerEndOfStream() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID1, Interest.READABLE);
        pair.client().shutdown(Shutdown.WRITE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        awaitEndOfStream(pair.server());
        // the other direction still works
        writeAll(pair.server(), HELLO);
        assertArrayEquals(HELLO, readExactly(pair.client(), HELLO.length));
    }

    @TckTest
    @Requires(Capability.READ_CLOSED_EVENTS)
    void shutdownWriteGivesThePeerAReadClosedEvent() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE);
        pair.server().shutdown(Shutdown.WRITE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE, Ready.READ_CLOSED));
    }

    @TckTest
    void shutdownReadMakesReadsReturnEndOfStream() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.client().shutdown(Shutdown.READ);
        assertEquals(-1, pair.client().read(ByteBuffer.allocate(8)));
        writeAll(pair.client(), HELLO);
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
    }

    @TckTest
    @Requires(Capability.READ_CLOSED_EVENTS)
    void shutdownReadGivesAReadClosedEvent() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE);
        pair.client().shutdown(Shutdown.READ);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE, Ready.READ_CLOSED));
    }

    @TckTest
    @Requires({Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS})
    void shutdownBothGivesReadClosedAndWriteClosedEvents() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE.add(Interest.WRITABLE));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        pair.client().shutdown(Shutdown.BOTH);
        expectEvents(poll, events, expect(ID1, Ready.READ_CLOSED, Ready.WRITE_CLOSED));
    }

    @TckTest
    void shutdownBothEndsBothDirections() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.client().shutdown(Shutdown.BOTH);
        assertEquals(-1, pair.client().read(ByteBuffer.allocate(8)));
        assertIoFailure(() -> pair.client().write(ByteBuffer.wrap(HELLO)), "broken pipe");
        awaitEndOfStream(pair.server());
    }

    @TckTest
    void writeAfterShutdownWriteFails() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.client().shutdown(Shutdown.WRITE);
        assertIoFailure(() -> pair.client().write(ByteBuffer.wrap(HELLO)), "broken pipe");
    }

    @TckTest
    void peerCloseMakesTheStreamReadableWithEndOfStream() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE);
        pair.server().close();
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        awaitEndOfStream(pair.client());
    }

    @TckTest
    @Requires(Capability.READ_CLOSED_EVENTS)
    void peerCloseGivesAReadClosedEvent() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE);
        pair.server().close();
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE, Ready.READ_CLOSED));
    }

    @TckTest
    @Requires({Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS})
    void peerResetGivesReadClosedAndWriteClosedEvents() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE.add(Interest.WRITABLE));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        pair.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        pair.server().close();
        expectEvents(poll, events, expect(ID1, Ready.READ_CLOSED, Ready.WRITE_CLOSED));
    }

    @TckTest
    void peerResetGivesAnExceptionOnRead() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.server().setOption(StandardSocketOptions.SO_LINGER, 0);
        pair.server().close();
        long deadline = System.nanoTime() + BOUND.toNanos();
        IOException reset = null;
        while (reset == null && System.nanoTime() - deadline < 0) {
            try {
                int n = pair.client().read(ByteBuffer.allocate(8));
                assertTrue(n <= 0, "no data was sent");
                assertTrue(n == 0, "a reset must be an exception, not end of stream");
                LockSupport.parkNanos(200_000);
            } catch (IOException e) {
                reset = e;
            }
        }
        assertNotNull(reset, "a read after the peer reset the connection must throw");
        assertMessageNames(reset, "reset");
    }

    @TckTest
    void closingARegisteredStreamClosesTheConnectionWithoutAnotherPoll() throws IOException {
        // JDK-8198692: a channel registered with a Selector is really closed only at the next select
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID1, Interest.READABLE.add(Interest.WRITABLE));
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.WRITABLE));
        pair.client().close();
        awaitEndOfStream(pair.server());
    }

    // ------------------------------------------------------------------ refused connect

    /**
     * A loopback port nobody listens on, held by a socket that is bound there and not listening
     * (closed after the test): a connect to it is refused, and Linux never picks a port bound
     * explicitly as the source port of another connect, so the connect cannot reach itself (a TCP
     * self-connect, which a port merely closed again allows: the differential fuzzer saw one).
     */
    private InetSocketAddress closedPort() throws IOException {
        java.net.Socket holder = track(new java.net.Socket());
        holder.bind(new InetSocketAddress(IpFamily.IPV4.loopback(), 0));
        return new InetSocketAddress(IpFamily.IPV4.loopback(), holder.getLocalPort());
    }

    /**
     * A stream connecting to a port nobody listens on, or a skip where this host refuses such a
     * connect within {@code connect()} itself (then there is no later refusal to check).
     */
    private TcpStream connectingToAClosedPort() throws IOException {
        try {
            return track(TcpStream.connect(closedPort(), provider));
        } catch (ConnectException refusedAtOnce) {
            assertMessageNames(refusedAtOnce, "refused");
            throw new org.opentest4j.TestAbortedException("this host refused the loopback connect within connect(),"
                    + " so there is no later refusal to check");
        }
    }

    @TckTest
    void refusedConnectIsReportedByTakeError() throws IOException {
        Poll poll = openPoll();
        TcpStream client = connectingToAClosedPort();
        poll.registry().register(client, ID1, Interest.READABLE.add(Interest.WRITABLE));
        awaitEvent(poll, Events.withCapacity(8), ID1);
        IOException error = client.takeError();
        assertInstanceOf(ConnectException.class, error, "takeError after a refused connect");
        assertMessageNames(error, "refused");
        assertNull(client.takeError(), "takeError clears the error");
    }

    @TckTest
    @Requires(Capability.ERROR_EVENTS)
    void refusedConnectGivesAnErrorEvent() throws IOException {
        Poll poll = openPoll();
        TcpStream client = connectingToAClosedPort();
        poll.registry().register(client, ID1, Interest.WRITABLE);
        Seen seen = awaitEvent(poll, Events.withCapacity(8), ID1);
        assertTrue(seen.error(), () -> "a refused connect must be an error event: " + seen);
    }

    // ------------------------------------------------------------------ options

    @TckTest
    void nodelayIsOffByDefaultAndCanBeSet() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        assertFalse(pair.client().nodelay());
        pair.client().setNodelay(true);
        assertTrue(pair.client().nodelay());
        assertTrue(pair.client().getOption(StandardSocketOptions.TCP_NODELAY));
        pair.client().setNodelay(false);
        assertFalse(pair.client().nodelay());
    }

    @TckTest
    @Requires(Capability.IP_TTL)
    void ttlCanBeSetAndRead() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        assertTrue(pair.client().ttl() > 0, "a default TTL is positive");
        pair.client().setTtl(42);
        assertEquals(42, pair.client().ttl());
        assertEquals(42, pair.client().getOption(MioSocketOptions.IP_TTL));
    }

    @TckTest
    void bufferSizesCanBeSet() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.client().setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        pair.client().setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
        assertTrue(pair.client().getOption(StandardSocketOptions.SO_RCVBUF) >= 32 * 1024);
        assertTrue(pair.client().getOption(StandardSocketOptions.SO_SNDBUF) >= 32 * 1024);
    }

    @TckTest
    void keepAliveCanBeSet() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        pair.client().setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        assertTrue(pair.client().getOption(StandardSocketOptions.SO_KEEPALIVE));
    }

    @TckTest
    void supportedOptionsListTheStandardTcpOptions() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        var options = pair.client().supportedOptions();
        for (var option : java.util.List.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_RCVBUF,
                StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER)) {
            assertTrue(options.contains(option), () -> "missing " + option + " in " + options);
        }
    }

    @TckTest
    void unsupportedOptionIsRejected() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> pair.client().setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true));
        assertMessageNames(e, "IP_MULTICAST_LOOP", backend());
    }

    @TckTest
    void nullOptionValueIsRejected() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> pair.client().setOption(StandardSocketOptions.TCP_NODELAY, null));
        assertMessageNames(e, "value");
    }

    @TckTest
    void takeErrorOfAHealthyStreamIsNull() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        assertNull(pair.client().takeError());
        assertNull(pair.server().takeError());
    }

    // ------------------------------------------------------------------ bad input

    @TckTest
    void operationsOnAClosedStreamFail() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        TcpStream stream = pair.client();
        stream.close();
        stream.close();
        assertThrows(ClosedChannelException.class, () -> stream.read(ByteBuffer.allocate(4)));
        assertThrows(ClosedChannelException.class, () -> stream.write(ByteBuffer.wrap(HELLO)));
        assertThrows(ClosedChannelException.class, () -> stream.shutdown(Shutdown.BOTH));
        assertThrows(ClosedChannelException.class, stream::localAddress);
        assertThrows(ClosedChannelException.class, stream::peerAddress);
        assertThrows(ClosedChannelException.class, stream::takeError);
        assertThrows(ClosedChannelException.class, stream::nodelay);
    }

    /**
     * The closed check is the backend I/O object's, once per call: these calls can be answered from
     * state the stream keeps (the peer once known, the end of input after {@code shutdown(READ)}),
     * without the socket, and a closed stream must still fail them.
     */
    @TckTest
    void aClosedStreamFailsCallsAnsweredFromKeptState() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        TcpStream stream = pair.client();
        assertNotNull(stream.peerAddress());
        stream.shutdown(Shutdown.READ);
        assertEquals(-1, stream.read(ByteBuffer.allocate(4)));
        stream.close();
        assertThrows(ClosedChannelException.class, () -> stream.read(ByteBuffer.allocate(4)));
        assertThrows(ClosedChannelException.class, () -> stream.read(new ByteBuffer[] {ByteBuffer.allocate(4)}));
        assertThrows(ClosedChannelException.class, stream::peerAddress);
        assertThrows(ClosedChannelException.class, stream::takeError);
    }

    /** As above, for bytes a peek took ahead of the reader (the selector backend's emulation). */
    @TckTest
    @Requires(Capability.PEEK)
    void aClosedStreamFailsReadsOfPeekedBytes() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        peekSentBytes(pair);
        pair.server().close();
        assertThrows(ClosedChannelException.class, () -> pair.server().read(ByteBuffer.allocate(4)));
        assertThrows(ClosedChannelException.class, () -> pair.server().peek(ByteBuffer.allocate(4)));
    }

    @TckTest
    void readIntoAReadOnlyBufferIsRejected() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pair.client().read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
        assertMessageNames(e, "read-only");
    }

    @TckTest
    void nullBuffersAreRejected() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        NullPointerException read = assertThrows(NullPointerException.class, () -> pair.client().read((ByteBuffer) null));
        assertMessageNames(read, "buffer");
        NullPointerException write = assertThrows(NullPointerException.class,
                () -> pair.client().write(new ByteBuffer[] {ByteBuffer.allocate(1), null}));
        assertMessageNames(write, "buffer");
        NullPointerException how = assertThrows(NullPointerException.class, () -> pair.client().shutdown(null));
        assertMessageNames(how, "how");
    }

    @TckTest
    void connectingToAnUnresolvedAddressIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpStream.connect(InetSocketAddress.createUnresolved("example.invalid", 80), provider));
        assertMessageNames(e, "unresolved");
    }
}
