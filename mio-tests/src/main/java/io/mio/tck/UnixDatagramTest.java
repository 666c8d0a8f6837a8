package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.spi.Capability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unix-domain datagram sockets; after mio's {@code tests/unix_datagram.rs} and regression issue 1403.
 * Needs {@link Capability#UNIX_DATAGRAM}.
 */
public class UnixDatagramTest extends TckBase {
    private static final Token ID1 = new Token(1);
    private static final Token ID2 = new Token(2);
    private static final byte[] DATA1 = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DATA2 = "Hello, Mars!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Creates the test. */
    public UnixDatagramTest() {
    }

    private UnixDatagram bound(String name) throws IOException {
        requires(Capability.UNIX_DATAGRAM);
        return track(UnixDatagram.bind(UnixAddress.of(tempPath(name)), provider));
    }

    private UnixAddress receiveWithin(UnixDatagram socket, ByteBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        UnixAddress from;
        while ((from = socket.receive(buffer)) == null) {
            assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] no datagram within " + BOUND);
            Thread.onSpinWait();
        }
        return from;
    }

    private int recvWithin(UnixDatagram socket, ByteBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        int n;
        while ((n = socket.recv(buffer)) < 0) {
            assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] no datagram within " + BOUND);
            Thread.onSpinWait();
        }
        return n;
    }

    private static byte[] received(ByteBuffer buffer) {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void boundSocketsSendToAndReceiveWithEvents() throws IOException {
        Poll poll = openPoll();
        UnixDatagram a = bound("a.sock");
        UnixDatagram b = bound("b.sock");
        poll.registry().register(a, ID1, Interest.WRITABLE);
        poll.registry().register(b, ID2, Interest.READABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        expectEvents(poll, events, expect(ID2, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(a.localAddress(), b.receive(buffer));
        assertArrayEquals(DATA1, received(buffer));
        assertNull(b.receive(buffer.clear()), "receive returns null when no datagram is waiting");
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void localAddressIsTheBoundPath() throws IOException {
        java.nio.file.Path path = tempPath("local.sock");
        UnixDatagram socket = track(UnixDatagram.bind(UnixAddress.of(path), provider));
        assertEquals(UnixAddress.of(path), socket.localAddress());
        assertNull(socket.peerAddress());
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void unboundSenderIsUnnamedAtTheReceiverIssue1403() throws IOException {
        UnixDatagram receiver = bound("r.sock");
        UnixDatagram sender = track(UnixDatagram.unbound(provider));
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 1);
        assertTrue(sender.sendTo(ByteBuffer.wrap(data), receiver.localAddress()));
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        UnixAddress from = receiveWithin(receiver, buffer);
        assertEquals(data.length, buffer.position());
        assertTrue(from.isUnnamed(), () -> "sender should be unnamed, was " + from);
        assertNull(from.path());
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void pairSendsAndReceivesBothWays() throws IOException {
        Poll poll = openPoll();
        UnixDatagram[] ends = UnixDatagram.pair(provider);
        track(ends[0]);
        track(ends[1]);
        poll.registry().register(ends[1], ID2, Interest.READABLE);
        assertTrue(ends[0].send(ByteBuffer.wrap(DATA1)));
        expectEvents(poll, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(DATA1.length, ends[1].recv(buffer));
        assertArrayEquals(DATA1, received(buffer));
        assertEquals(-1, ends[1].recv(buffer.clear()), "recv returns -1 when no datagram is waiting");
        assertTrue(ends[1].send(ByteBuffer.wrap(DATA2)));
        assertEquals(DATA2.length, recvWithin(ends[0], buffer.clear()));
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void connectThenSendAndRecv() throws IOException {
        UnixDatagram a = bound("ca.sock");
        UnixDatagram b = bound("cb.sock");
        a.connect(b.localAddress());
        b.connect(a.localAddress());
        assertEquals(b.localAddress(), a.peerAddress());
        assertTrue(a.send(ByteBuffer.wrap(DATA1)));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(DATA1.length, recvWithin(b, buffer));
        assertArrayEquals(DATA1, received(buffer));
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void emptyDatagramIsDelivered() throws IOException {
        UnixDatagram a = bound("ea.sock");
        UnixDatagram b = bound("eb.sock");
        assertTrue(a.sendTo(ByteBuffer.allocate(0), b.localAddress()));
        ByteBuffer buffer = ByteBuffer.allocate(16);
        assertEquals(a.localAddress(), receiveWithin(b, buffer));
        assertEquals(0, buffer.position());
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void shutdownWriteMakesSendFail() throws IOException {
        UnixDatagram[] ends = UnixDatagram.pair(provider);
        track(ends[0]);
        track(ends[1]);
        ends[0].shutdown(Shutdown.WRITE);
        assertIoFailure(() -> ends[0].send(ByteBuffer.wrap(DATA1)), "broken pipe");
        assertTrue(ends[1].send(ByteBuffer.wrap(DATA2)), "the other direction still works");
        assertEquals(DATA2.length, recvWithin(ends[0], ByteBuffer.allocate(64)));
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void noEventsAfterDeregister() throws IOException {
        Poll poll = openPoll();
        UnixDatagram a = bound("da.sock");
        UnixDatagram b = bound("db.sock");
        poll.registry().register(b, ID2, Interest.READABLE);
        poll.registry().deregister(b);
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        expectNoEventForThroughAWake(poll, Events.withCapacity(8), ID2);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        receiveWithin(b, buffer); // fails unless the datagram arrived all along
    }

    @TckTest
    @Requires({Capability.UNIX_DATAGRAM, Capability.UNIX_ABSTRACT_NAMES})
    void abstractNamesSendAndReceive() throws IOException {
        String base = "mio-tck-dgram-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        UnixDatagram a = track(UnixDatagram.bind(UnixAddress.ofAbstract(base + "-a"), provider));
        UnixDatagram b = track(UnixDatagram.bind(UnixAddress.ofAbstract(base + "-b"), provider));
        assertEquals(UnixAddress.ofAbstract(base + "-b"), b.localAddress());
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(a.localAddress(), receiveWithin(b, buffer));
        assertArrayEquals(DATA1, received(buffer));
    }

    @TckTest
    void bindingAnUnnamedAddressIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UnixDatagram.bind(UnixAddress.unnamed(), provider));
        assertMessageNames(e, "unnamed");
    }

    @TckTest
    @Requires(Capability.UNIX_DATAGRAM)
    void sendWithoutConnectFails() throws IOException {
        UnixDatagram a = bound("nc.sock");
        assertIoFailure(() -> a.send(ByteBuffer.wrap(DATA1)), "not connected", "destination address required");
    }
}
