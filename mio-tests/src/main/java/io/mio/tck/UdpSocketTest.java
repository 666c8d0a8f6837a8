package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.MioSocketOptions;
import io.mio.net.UdpSocket;
import io.mio.spi.Capability;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UDP sockets; after mio's {@code tests/udp_socket.rs} and {@code tests/multicast.rs}. */
public class UdpSocketTest extends TckBase {
    private static final Token ID1 = new Token(1);
    private static final Token ID2 = new Token(2);
    private static final byte[] DATA1 = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DATA2 = "Hello, Mars!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Creates the test. */
    public UdpSocketTest() {
    }

    /** Receives one datagram, waiting (bounded) for it; returns the sender. */
    private InetSocketAddress receiveWithin(UdpSocket socket, ByteBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            InetSocketAddress from = socket.receive(buffer);
            if (from != null) {
                return from;
            }
            assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] no datagram within " + BOUND);
            Thread.onSpinWait();
        }
    }

    private int recvWithin(UdpSocket socket, ByteBuffer buffer) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            int n = socket.recv(buffer);
            if (n >= 0) {
                return n;
            }
            assertTrue(System.nanoTime() - deadline < 0, "[" + backend() + "] no datagram within " + BOUND);
            Thread.onSpinWait();
        }
    }

    private static byte[] received(ByteBuffer buffer) {
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @TckTest
    @EachOf(IpFamily.class)
    void bindReportsTheLocalAddress(IpFamily family) throws IOException {
        UdpSocket socket = udp(family);
        InetSocketAddress local = socket.localAddress();
        assertEquals(family.loopback(), local.getAddress());
        assertNotEquals(0, local.getPort());
        assertNull(socket.peerAddress(), "an unconnected socket has no peer");
    }

    @TckTest
    @EachOf(IpFamily.class)
    void sendToAndReceiveWithEvents(IpFamily family) throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(family);
        UdpSocket b = udp(family);
        poll.registry().register(a, ID1, Interest.READABLE.add(Interest.WRITABLE));
        poll.registry().register(b, ID2, Interest.READABLE.add(Interest.WRITABLE));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE), expect(ID2, Ready.WRITABLE));
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        assertTrue(b.sendTo(ByteBuffer.wrap(DATA2), a.localAddress()));
        expectEvents(poll, events, expect(ID1, Ready.READABLE), expect(ID2, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(a.localAddress(), b.receive(buffer));
        assertArrayEquals(DATA1, received(buffer));
        buffer.clear();
        assertEquals(b.localAddress(), a.receive(buffer));
        assertArrayEquals(DATA2, received(buffer));
    }

    @TckTest
    @EachOf(IpFamily.class)
    void connectedSendAndRecv(IpFamily family) throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(family);
        UdpSocket b = udp(family);
        a.connect(b.localAddress());
        b.connect(a.localAddress());
        assertEquals(b.localAddress(), a.peerAddress());
        poll.registry().register(b, ID2, Interest.READABLE);
        assertTrue(a.send(ByteBuffer.wrap(DATA1)));
        expectEvents(poll, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(DATA1.length, b.recv(buffer));
        assertArrayEquals(DATA1, received(buffer));
        assertEquals(-1, b.recv(buffer.clear()), "recv must return -1 when no datagram is waiting");
    }

    @TckTest
    void receiveReturnsNullWhenNoDatagramIsWaiting() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertNull(socket.receive(ByteBuffer.allocate(16)));
    }

    @TckTest
    void emptyDatagramIsDelivered() throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        poll.registry().register(b, ID2, Interest.READABLE);
        assertTrue(a.sendTo(ByteBuffer.allocate(0), b.localAddress()));
        expectEvents(poll, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(16);
        assertEquals(a.localAddress(), b.receive(buffer), "an empty datagram is not would-block");
        assertEquals(0, buffer.position());
        assertNull(b.receive(buffer));
    }

    @TckTest
    void emptyDatagramIsDeliveredOnAConnectedSocket() throws IOException {
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        a.connect(b.localAddress());
        b.connect(a.localAddress());
        assertTrue(a.send(ByteBuffer.allocate(0)));
        assertEquals(0, recvWithin(b, ByteBuffer.allocate(16)));
    }

    @TckTest
    void aDatagramLongerThanTheBufferIsTruncated() throws IOException {
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        ByteBuffer small = ByteBuffer.allocate(5);
        receiveWithin(b, small);
        assertArrayEquals(Arrays.copyOf(DATA1, 5), small.array());
        assertNull(b.receive(ByteBuffer.allocate(64)), "the rest of a truncated datagram is discarded");
    }

    @TckTest
    void manyDatagramsAreDrainedUntilWouldBlock() throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        poll.registry().register(b, ID2, Interest.READABLE);
        for (int i = 0; i < 10; i++) {
            assertTrue(a.sendTo(ByteBuffer.wrap(new byte[] {(byte) i}), b.localAddress()));
        }
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID2, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(4);
        for (int i = 0; i < 10; i++) {
            buffer.clear();
            receiveWithin(b, buffer);
            assertEquals(i, buffer.get(0), "datagrams over loopback arrive in order");
        }
        assertNull(b.receive(buffer.clear()));
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        expectEvents(poll, events, expect(ID2, Ready.READABLE));
    }

    @TckTest
    void connectedSocketIgnoresDatagramsFromOthers() throws IOException {
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        UdpSocket stranger = udp(IpFamily.IPV4);
        b.connect(a.localAddress());
        assertTrue(stranger.sendTo(ByteBuffer.wrap(DATA2), b.localAddress()));
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        recvWithin(b, buffer);
        assertArrayEquals(DATA1, received(buffer));
    }

    @TckTest
    void reconnectSendsToTheNewPeer() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket first = udp(IpFamily.IPV4);
        UdpSocket second = udp(IpFamily.IPV4);
        socket.connect(first.localAddress());
        assertTrue(socket.send(ByteBuffer.wrap(DATA1)));
        socket.connect(second.localAddress());
        assertEquals(second.localAddress(), socket.peerAddress());
        assertTrue(socket.send(ByteBuffer.wrap(DATA2)));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(socket.localAddress(), receiveWithin(first, buffer));
        assertArrayEquals(DATA1, received(buffer));
        buffer.clear();
        assertEquals(socket.localAddress(), receiveWithin(second, buffer));
        assertArrayEquals(DATA2, received(buffer));
    }

    @TckTest
    void reconnectReceivesFromTheNewPeer() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket first = udp(IpFamily.IPV4);
        UdpSocket second = udp(IpFamily.IPV4);
        socket.connect(first.localAddress());
        socket.connect(second.localAddress());
        assertTrue(first.sendTo(ByteBuffer.wrap(DATA1), socket.localAddress()));
        assertTrue(second.sendTo(ByteBuffer.wrap(DATA2), socket.localAddress()));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        recvWithin(socket, buffer);
        assertArrayEquals(DATA2, received(buffer), "only the new peer's datagram is received");
    }

    @TckTest
    void sendWithoutConnectFails() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertIoFailure(() -> socket.send(ByteBuffer.wrap(DATA1)), "not connected", "destination address required");
    }

    @TckTest
    @Requires(Capability.PEEK)
    void peekDoesNotConsumeTheDatagram() throws IOException {
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        a.connect(b.localAddress());
        b.connect(a.localAddress());
        assertEquals(-1, b.peek(ByteBuffer.allocate(64)), "peek must return -1 when no datagram is waiting");
        assertTrue(a.send(ByteBuffer.wrap(DATA1)));
        ByteBuffer peeked = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + BOUND.toNanos();
        int n;
        while ((n = b.peek(peeked)) < 0) {
            assertTrue(System.nanoTime() - deadline < 0, "no datagram to peek within " + BOUND);
            Thread.onSpinWait();
        }
        assertEquals(DATA1.length, n);
        assertArrayEquals(DATA1, received(peeked));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(DATA1.length, b.recv(buffer));
        assertArrayEquals(DATA1, received(buffer));
    }

    @TckTest
    @Requires(Capability.PEEK)
    void peekFromReportsTheSenderWithoutConsuming() throws IOException {
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        assertNull(b.peekFrom(ByteBuffer.allocate(64)), "peekFrom must return null when no datagram is waiting");
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        ByteBuffer peeked = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + BOUND.toNanos();
        InetSocketAddress from;
        while ((from = b.peekFrom(peeked)) == null) {
            assertTrue(System.nanoTime() - deadline < 0, "no datagram to peek within " + BOUND);
            Thread.onSpinWait();
        }
        assertEquals(a.localAddress(), from);
        assertArrayEquals(DATA1, received(peeked));
        ByteBuffer buffer = ByteBuffer.allocate(64);
        assertEquals(a.localAddress(), b.receive(buffer));
        assertArrayEquals(DATA1, received(buffer));
    }

    @TckTest
    void noEventsAfterDeregister() throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        poll.registry().register(b, ID2, Interest.READABLE);
        poll.registry().deregister(b);
        assertTrue(a.sendTo(ByteBuffer.wrap(DATA1), b.localAddress()));
        expectNoEventForThroughAWake(poll, Events.withCapacity(8), ID2);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        recvWithin(b, buffer);
        assertArrayEquals(DATA1, received(buffer), "the datagram arrived all along");
    }

    @TckTest
    void bindingAPortInUseFailsWithBindException() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        BindException e = assertThrows(BindException.class,
                () -> track(UdpSocket.bind(socket.localAddress(), provider)));
        assertMessageNames(e, "in use");
    }

    // ------------------------------------------------------------------ options

    @TckTest
    void broadcastIsOffByDefaultAndCanBeSet() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertFalse(socket.broadcast());
        socket.setBroadcast(true);
        assertTrue(socket.broadcast());
    }

    @TckTest
    @Requires(Capability.IP_TTL)
    void ttlCanBeSetAndRead() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertTrue(socket.ttl() > 0);
        socket.setTtl(7);
        assertEquals(7, socket.ttl());
        assertEquals(7, socket.getOption(MioSocketOptions.IP_TTL));
    }

    @TckTest
    @Requires(Capability.IPV6_V6ONLY)
    void onlyV6CanBeReadOnAnIpv6Socket() throws IOException {
        requiresIpv6();
        UdpSocket socket = track(UdpSocket.bind(new InetSocketAddress(InetAddress.getByName("::"), 0), provider));
        boolean onlyV6 = socket.onlyV6();
        // the default is the OS's (Linux: net.ipv6.bindv6only)
        java.nio.file.Path sysctl = java.nio.file.Path.of("/proc/sys/net/ipv6/bindv6only");
        if (java.nio.file.Files.isReadable(sysctl)) {
            boolean osDefault = java.nio.file.Files.readString(sysctl).strip().equals("1");
            assertEquals(osDefault, onlyV6, "onlyV6() must report the socket's IPV6_V6ONLY, here the OS default");
        }
        if (!onlyV6) {
            // a dual-stack socket receives IPv4 datagrams
            UdpSocket sender = udp(IpFamily.IPV4);
            assertTrue(sender.sendTo(ByteBuffer.wrap(DATA1),
                    new InetSocketAddress(IpFamily.IPV4.loopback(), socket.localAddress().getPort())));
            ByteBuffer buffer = ByteBuffer.allocate(64);
            recvWithin(socket, buffer);
            assertArrayEquals(DATA1, received(buffer), "with IPV6_V6ONLY off, an IPv4 datagram must arrive");
        }
    }

    @TckTest
    @Requires(Capability.MULTICAST)
    void multicastLoopAndTtlCanBeSet() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        socket.setMulticastLoop(false);
        assertFalse(socket.multicastLoop());
        socket.setMulticastLoop(true);
        assertTrue(socket.multicastLoop());
        socket.setMulticastTtl(3);
        assertEquals(3, socket.multicastTtl());
    }

    private static NetworkInterface loopbackInterface() throws IOException {
        NetworkInterface lo = NetworkInterface.getByInetAddress(IpFamily.IPV4.loopback());
        if (lo == null) {
            throw new TestAbortedException("no network interface carries 127.0.0.1");
        }
        return lo;
    }

    @TckTest
    @Requires(Capability.MULTICAST)
    void multicastJoinAndLeaveOnLoopback() throws IOException {
        UdpSocket socket = track(UdpSocket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), provider));
        InetAddress group = InetAddress.getByName("239.255.77.77");
        NetworkInterface lo = loopbackInterface();
        // the backend declares MULTICAST: a failure to join is its failure, not a skip
        socket.joinMulticast(group, lo);
        socket.leaveMulticast(group, lo);
        IOException twice = assertThrows(IOException.class, () -> socket.leaveMulticast(group, lo));
        assertFalse(twice instanceof java.nio.channels.ClosedChannelException, twice::toString);
    }

    @TckTest
    @Requires(Capability.MULTICAST)
    void multicastDatagramLoopsBackToAMember() throws IOException {
        InetAddress group = InetAddress.getByName("239.255.77.78");
        NetworkInterface lo = loopbackInterface();
        UdpSocket member = track(UdpSocket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), provider));
        UdpSocket sender = udp(IpFamily.IPV4);
        // the backend declares MULTICAST: each of these failing is its failure, not a skip
        member.joinMulticast(group, lo);
        sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
        sender.setMulticastLoop(true);
        InetSocketAddress target = new InetSocketAddress(group, member.localAddress().getPort());
        InetSocketAddress unicast = new InetSocketAddress(IpFamily.IPV4.loopback(), member.localAddress().getPort());
        Poll poll = openPoll();
        poll.registry().register(member, ID1, Interest.READABLE);
        assertTrue(sender.sendTo(ByteBuffer.wrap(DATA1), target));
        awaitEvent(poll, Events.withCapacity(8), ID1, Seen::readable);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        recvWithin(member, buffer);
        assertArrayEquals(DATA1, received(buffer), "the group's datagram must loop back to the member");

        // leaving stops delivery: the group datagram sent after leaving must not come before the
        // unicast one sent after it (loopback delivers each within sendto, in order)
        member.leaveMulticast(group, lo);
        assertTrue(sender.sendTo(ByteBuffer.wrap(DATA1), target));
        assertTrue(sender.sendTo(ByteBuffer.wrap(DATA2), unicast));
        buffer.clear();
        recvWithin(member, buffer);
        assertArrayEquals(DATA2, received(buffer), "after leaving the group, its datagrams must not arrive");
    }

    @TckTest
    @Requires(Capability.UDP_ICMP_ERRORS)
    void aDatagramToAClosedPortGivesTakeErrorARefusal() throws IOException {
        // the ICMP port-unreachable answer becomes the connected socket's pending error
        InetSocketAddress closed;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, IpFamily.IPV4.loopback())) {
            closed = new InetSocketAddress(IpFamily.IPV4.loopback(), probe.getLocalPort());
        }
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        socket.connect(closed);
        poll.registry().register(socket, ID1, Interest.READABLE);
        assertTrue(socket.send(ByteBuffer.wrap(DATA1)));
        awaitEvent(poll, Events.withCapacity(8), ID1);
        IOException error = socket.takeError();
        assertNotNull(error, "the refusal must be the pending error");
        assertMessageNames(error, "refused");
        assertNull(socket.takeError(), "takeError clears the error");
    }

    @TckTest
    void optionValuesOutOfRangeAreRejected() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertMessageNames(assertThrows(IllegalArgumentException.class,
                () -> socket.setOption(StandardSocketOptions.SO_RCVBUF, -1)), "SO_RCVBUF", "-1");
        if (provider.capabilities().contains(Capability.MULTICAST)) { // else the option itself is unsupported
            assertMessageNames(assertThrows(IllegalArgumentException.class, () -> socket.setMulticastTtl(256)),
                    "IP_MULTICAST_TTL", "256");
            assertMessageNames(assertThrows(IllegalArgumentException.class, () -> socket.setMulticastTtl(-1)),
                    "IP_MULTICAST_TTL", "-1");
            assertEquals(1, socket.multicastTtl(), "a rejected value changes nothing");
        }
        if (provider.capabilities().contains(Capability.IP_TTL)) {
            assertMessageNames(assertThrows(IllegalArgumentException.class, () -> socket.setTtl(256)), "ttl");
        }
    }

    @TckTest
    @Requires(absent = Capability.IPV6_V6ONLY)
    void onlyV6WithoutTheCapabilityIsUnsupported() throws IOException {
        UdpSocket socket = track(UdpSocket.bind(loopback(IpFamily.IPV6), provider));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, socket::onlyV6);
        assertMessageNames(e, backend(), "IPV6_V6ONLY");
    }

    @TckTest
    void joiningANonMulticastAddressIsRejected() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> socket.joinMulticast(IpFamily.IPV4.loopback(), null));
        assertMessageNames(e, "not a multicast address");
    }

    @TckTest
    void operationsOnAClosedSocketFail() throws IOException {
        UdpSocket socket = UdpSocket.bind(loopback(IpFamily.IPV4), provider);
        InetSocketAddress self = socket.localAddress();
        socket.close();
        assertThrows(ClosedChannelException.class, () -> socket.sendTo(ByteBuffer.wrap(DATA1), self));
        assertThrows(ClosedChannelException.class, () -> socket.receive(ByteBuffer.allocate(4)));
        assertThrows(ClosedChannelException.class, socket::localAddress);
        assertThrows(ClosedChannelException.class, socket::broadcast);
    }

    @TckTest
    void nullArgumentsAreRejected() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertMessageNames(assertThrows(NullPointerException.class, () -> socket.sendTo(ByteBuffer.wrap(DATA1), null)),
                "target");
        assertMessageNames(assertThrows(NullPointerException.class, () -> socket.connect(null)), "peer");
        assertMessageNames(assertThrows(NullPointerException.class,
                () -> socket.sendTo(null, socket.localAddress())), "buffer");
    }

    @TckTest
    void receivingIntoAReadOnlyBufferIsRejected() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        assertMessageNames(assertThrows(IllegalArgumentException.class,
                () -> socket.receive(ByteBuffer.allocate(4).asReadOnlyBuffer())), "read-only");
    }

    @TckTest
    void bindingAnUnresolvedAddressIsRejected() {
        assertMessageNames(assertThrows(IllegalArgumentException.class,
                () -> UdpSocket.bind(InetSocketAddress.createUnresolved("localhost", 0), provider)), "unresolved");
    }

    @TckTest
    void takeErrorOfAHealthySocketIsNull() throws IOException {
        assertNull(udp(IpFamily.IPV4).takeError());
    }

    @TckTest
    void writableRightAfterRegister() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.WRITABLE);
        Seen seen = awaitEvent(poll, Events.withCapacity(8), ID1);
        assertTrue(seen.writable());
        assertNotNull(socket.localAddress());
    }
}
