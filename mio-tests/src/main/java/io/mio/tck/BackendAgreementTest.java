package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.Shutdown;
import io.mio.net.StreamSocket;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixStream;
import io.mio.spi.Capability;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the backends disagreed, found by running the same programs on each and comparing (issue
 * 10), one case per finding: each pins the behaviour every backend now shares, or skips with the
 * capability a backend declares absent.
 */
public class BackendAgreementTest extends TckBase {
    private static final Token ID = new Token(7);
    private static final byte[] DATA = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};

    /** Creates the test. */
    public BackendAgreementTest() {
    }

    /** The kinds of connected stream the stream cases run on. */
    enum Streams implements Variant {
        TCP, UNIX;

        @Override
        public Capability needs() {
            return this == UNIX ? Capability.UNIX_STREAM_PAIR : null;
        }
    }

    private StreamSocket<?>[] streamPair(Streams kind) throws IOException {
        if (kind == Streams.UNIX) {
            UnixStream[] pair = UnixStream.pair(provider);
            track(pair[0]);
            track(pair[1]);
            return pair;
        }
        TcpPair pair = tcpPair(IpFamily.IPV4);
        return new StreamSocket<?>[] {pair.client(), pair.server()};
    }

    /** 130 buffers, all empty but the last: more than the 64 a vectored call passes at once. */
    private static ByteBuffer[] emptyThenOne(ByteBuffer last) {
        ByteBuffer[] buffers = new ByteBuffer[130];
        Arrays.setAll(buffers, i -> ByteBuffer.allocate(0));
        buffers[buffers.length - 1] = last;
        return buffers;
    }

    // 1. empty buffers do not count toward the vectored call's buffer limit

    @TckTest
    @EachOf(Streams.class)
    void vectoredReadSkipsEmptyBuffers(Streams kind) throws IOException {
        StreamSocket<?>[] pair = streamPair(kind);
        Poll poll = openPoll();
        poll.registry().register(pair[1], ID, Interest.READABLE);
        writeAll(pair[0], DATA);
        expectEvents(poll, Events.withCapacity(8), expect(ID, Ready.READABLE));
        ByteBuffer last = ByteBuffer.allocate(64);
        long n = pair[1].read(emptyThenOne(last));
        assertEquals(DATA.length, n, "a vectored read whose first 129 buffers are empty, on an open connection with "
                + DATA.length + " bytes waiting");
        assertArrayEquals(DATA, Arrays.copyOf(last.array(), last.position()));
    }

    @TckTest
    @EachOf(Streams.class)
    void vectoredWriteSkipsEmptyBuffers(Streams kind) throws IOException {
        StreamSocket<?>[] pair = streamPair(kind);
        long n = pair[0].write(emptyThenOne(ByteBuffer.wrap(DATA)));
        assertEquals(DATA.length, n, "a vectored write whose first 129 buffers are empty, with room in the socket");
        assertArrayEquals(DATA, readExactly(pair[1], DATA.length));
    }

    /** Peeks (without polling first, as a user may) until all of DATA has arrived. */
    private void peekUntilArrived(TcpStream stream) throws IOException {
        ByteBuffer peeked = ByteBuffer.allocate(DATA.length);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (stream.peek(peeked.clear()) < DATA.length) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] the data to peek did not arrive within " + BOUND);
            }
            Thread.onSpinWait();
        }
    }

    // 2. peek leaves readiness alone

    @TckTest
    void tcpPeekLeavesReadinessAlone() throws IOException {
        requires(Capability.PEEK);
        TcpPair pair = tcpPair(IpFamily.IPV4);
        Poll poll = openPoll();
        poll.registry().register(pair.server(), ID, Interest.READABLE);
        writeAll(pair.client(), DATA);
        peekUntilArrived(pair.server());
        expectEvents(poll, Events.withCapacity(8), expect(ID, Ready.READABLE));
        assertArrayEquals(DATA, readExactly(pair.server(), DATA.length));
    }

    @TckTest
    void udpPeekLeavesReadinessAlone() throws IOException {
        requires(Capability.PEEK);
        UdpSocket sender = udp(IpFamily.IPV4);
        UdpSocket receiver = udp(IpFamily.IPV4);
        Poll poll = openPoll();
        poll.registry().register(receiver, ID, Interest.READABLE);
        assertTrue(sender.sendTo(ByteBuffer.wrap(DATA), receiver.localAddress()));
        ByteBuffer peeked = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (receiver.peekFrom(peeked.clear()) == null) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] the datagram to peek did not arrive within "
                        + BOUND);
            }
            Thread.onSpinWait();
        }
        expectEvents(poll, Events.withCapacity(8), expect(ID, Ready.READABLE));
        ByteBuffer received = ByteBuffer.allocate(64);
        assertEquals(sender.localAddress(), receiver.receive(received));
        assertEquals(DATA.length, received.position());
    }

    // 3. a write after shutdown(WRITE) is a broken pipe, empty or not

    @TckTest
    @EachOf(Streams.class)
    void writeAfterShutdownWriteIsBrokenPipe(Streams kind) throws IOException {
        StreamSocket<?>[] pair = streamPair(kind);
        pair[0].shutdown(Shutdown.WRITE);
        IOException full = assertThrows(IOException.class, () -> pair[0].write(ByteBuffer.wrap(DATA)));
        assertFalse(full instanceof ClosedChannelException, "the source is open; got " + full);
        assertMessageNames(full, "broken pipe");
        IOException empty = assertThrows(IOException.class, () -> pair[0].write(ByteBuffer.allocate(0)));
        assertFalse(empty instanceof ClosedChannelException, "the source is open; got " + empty);
        IOException vectored = assertThrows(IOException.class,
                () -> pair[0].write(new ByteBuffer[] {ByteBuffer.wrap(DATA)}));
        assertFalse(vectored instanceof ClosedChannelException, "the source is open; got " + vectored);
        IOException emptyVectored = assertThrows(IOException.class,
                () -> pair[0].write(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0)}),
                "a vectored write of empty buffers after shutdown(WRITE)");
        assertFalse(emptyVectored instanceof ClosedChannelException, "the source is open; got " + emptyVectored);
    }

    // 4. reads after shutdown(READ) are end of stream, whatever was or is queued

    @TckTest
    @EachOf(Streams.class)
    void readAfterShutdownReadIsEndOfStreamEvenWithDataQueued(Streams kind) throws IOException {
        StreamSocket<?>[] pair = streamPair(kind);
        Poll poll = openPoll();
        poll.registry().register(pair[1], ID, Interest.READABLE);
        writeAll(pair[0], DATA);
        expectEvents(poll, Events.withCapacity(8), expect(ID, Ready.READABLE));
        pair[1].shutdown(Shutdown.READ);
        assertEquals(-1, pair[1].read(ByteBuffer.allocate(64)), "read after shutdown(READ) with data queued");
        assertEquals(-1, pair[1].read(new ByteBuffer[] {ByteBuffer.allocate(64)}), "vectored read after it");
        if (kind == Streams.TCP) { // a Unix-domain peer's write is a broken pipe instead
            writeAll(pair[0], DATA); // arrives after the shutdown
            assertEquals(-1, pair[1].read(ByteBuffer.allocateDirect(64)), "read after shutdown(READ), more data sent");
        }
    }

    // 5. shutting down a connection both sides have finished returns normally

    @TckTest
    @EachOf(Streams.class)
    void shutdownAfterBothSidesFinishedReturnsNormally(Streams kind) throws IOException {
        StreamSocket<?>[] pair = streamPair(kind);
        pair[0].shutdown(Shutdown.WRITE);
        awaitEndOfStream(pair[1]);
        pair[1].shutdown(Shutdown.WRITE);
        awaitEndOfStream(pair[0]);
        pair[0].shutdown(Shutdown.READ);
        pair[0].shutdown(Shutdown.BOTH);
        pair[1].shutdown(Shutdown.BOTH);
    }

    // 6. after a reset has been reported once, reads return end of stream

    @TckTest
    @EachOf(Streams.class)
    void readAfterResetReportedIsEndOfStream(Streams kind) throws IOException {
        StreamSocket<?>[] pair = streamPair(kind);
        Poll poll = openPoll();
        poll.registry().register(pair[0], ID, Interest.READABLE);
        writeAll(pair[0], DATA);
        pair[1].close(); // with unread data: the kernel resets the connection
        IOException reset = readUntilEnd(poll, pair[0]);
        if (reset == null) {
            throw new AssertionFailedError("[" + backend() + "] end of stream before the reset was reported");
        }
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertFalse(reset instanceof ClosedChannelException, "the source is open; got " + reset);
        assertMessageNames(reset, "reset");
        assertEquals(-1, pair[0].read(buffer.clear()), "the read after the reset was reported");
        assertEquals(-1, pair[0].read(buffer.clear()), "and the next");
    }

    /** Reads until an exception (a reset) or end of stream, waiting with {@code poll}; returns it or null. */
    private IOException readUntilEnd(Poll poll, StreamSocket<?> stream) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            try {
                int n = stream.read(buffer.clear());
                if (n < 0) {
                    return null;
                }
                if (n == 0) {
                    poll.poll(Events.withCapacity(8), EXPECT_TIMEOUT);
                }
            } catch (IOException e) {
                return e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] neither a reset nor end of stream within " + BOUND);
            }
        }
    }

    // found by the differential fuzzer: a close with bytes unread resets the connection

    @TckTest
    void closingARegisteredStreamWithUnreadBytesResetsTheConnection() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        Poll poll = openPoll();
        poll.registry().register(pair.client(), ID, Interest.READABLE);
        poll.registry().register(pair.server(), new Token(8), Interest.READABLE);
        writeAll(pair.client(), DATA);
        expectEvents(poll, Events.withCapacity(8), expect(new Token(8), Ready.READABLE));
        pair.server().close(); // registered, with DATA unread
        IOException reset = readUntilEnd(poll, pair.client());
        assertTrue(reset != null && !(reset instanceof ClosedChannelException),
                "the peer closed with unread bytes: expected a reset, got "
                        + (reset == null ? "end of stream" : reset));
    }

    @TckTest
    void closingAfterAPeekWithBytesUnreadResetsTheConnection() throws IOException {
        requires(Capability.PEEK);
        TcpPair pair = tcpPair(IpFamily.IPV4);
        Poll poll = openPoll();
        poll.registry().register(pair.client(), ID, Interest.READABLE);
        writeAll(pair.client(), DATA);
        peekUntilArrived(pair.server());
        pair.server().close(); // peeked, not read
        IOException reset = readUntilEnd(poll, pair.client());
        assertTrue(reset != null && !(reset instanceof ClosedChannelException),
                "the peer closed with peeked bytes unread: expected a reset, got "
                        + (reset == null ? "end of stream" : reset));
    }

    @TckTest
    void readAfterAPeekAndShutdownReadIsEndOfStream() throws IOException {
        requires(Capability.PEEK);
        TcpPair pair = tcpPair(IpFamily.IPV4);
        writeAll(pair.client(), DATA);
        peekUntilArrived(pair.server());
        pair.server().shutdown(Shutdown.READ);
        assertEquals(-1, pair.server().read(ByteBuffer.allocate(64)), "read after peek and shutdown(READ)");
        assertEquals(-1, pair.server().peek(ByteBuffer.allocate(64)), "peek after shutdown(READ)");
    }

    // 7. a connected UDP socket reports a closed port

    @TckTest
    @Requires(Capability.CONNECTED_UDP_ERRORS)
    void connectedUdpReportsPortUnreachable() throws IOException {
        UdpSocket gone = UdpSocket.bind(loopback(IpFamily.IPV4), provider);
        InetSocketAddress closedPort = gone.localAddress();
        gone.close();
        UdpSocket socket = udp(IpFamily.IPV4);
        socket.connect(closedPort);
        Poll poll = openPoll();
        poll.registry().register(socket, ID, Interest.READABLE);
        assertTrue(socket.send(ByteBuffer.wrap(DATA)));
        expectEvents(poll, Events.withCapacity(8), expect(ID));
        assertThrows(PortUnreachableException.class, () -> socket.recv(ByteBuffer.allocate(64)));
    }

    // 8. errors name what was wrong

    @TckTest
    void bindingAnAddressInUseNamesTheAddress() throws IOException {
        TcpListener first = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        InetSocketAddress taken = first.localAddress();
        BindException tcp = assertThrows(BindException.class, () -> track(TcpListener.bind(taken, provider)));
        assertMessageNames(tcp, String.valueOf(taken.getPort()), "in use");
        UdpSocket udp = udp(IpFamily.IPV4);
        InetSocketAddress udpTaken = udp.localAddress();
        BindException second = assertThrows(BindException.class, () -> track(UdpSocket.bind(udpTaken, provider)));
        assertMessageNames(second, String.valueOf(udpTaken.getPort()), "in use");
    }

    // found by the fuzzer across every pair (mio-interop): iocp's shim took a reset for a failed connect

    @TckTest
    void writeAfterAResetIsAConnectionLostAlsoWhenNoPollSawTheConnect() throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        TcpStream server = track(acceptWithin(listener));
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (client.peerAddress() == null) { // connected, learnt without a poll
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] connect not finished within " + BOUND);
            }
            Thread.onSpinWait();
        }
        writeAll(client, DATA);
        server.close(); // with DATA unread: the kernel resets the connection
        client.shutdown(Shutdown.BOTH);
        Poll poll = openPoll();
        poll.registry().register(client, ID, Interest.READABLE.add(Interest.WRITABLE));
        Events events = Events.withCapacity(8);
        do { // the poll that sees the reset
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] no event for a reset stream within " + BOUND);
            }
            poll.poll(events, EXPECT_TIMEOUT);
        } while (events.isEmpty());
        IOException lost = assertThrows(IOException.class, () -> client.write(ByteBuffer.wrap(DATA)));
        assertFalse(lost instanceof ClosedChannelException, "the source is open; got " + lost);
        String message = String.valueOf(lost.getMessage()).toLowerCase(Locale.ROOT);
        assertTrue(message.contains("reset") || message.contains("broken pipe"),
                "a write after the peer reset the connection: expected a reset or a broken pipe, got " + lost);
    }
}
