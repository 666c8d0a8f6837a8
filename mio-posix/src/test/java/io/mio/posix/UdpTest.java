package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.UdpSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** UDP sockets on loopback. */
@Timeout(60)
class UdpTest {
    static final TestProvider P = TestProvider.INSTANCE;
    static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static String text(ByteBuffer b) {
        b.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void sendToAndReceiveWithHeapAndDirectBuffers() throws Exception {
        try (UdpSocket a = PosixSockets.bindUdpSocket(P, ANY_V4); UdpSocket b = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            assertNull(b.receive(ByteBuffer.allocate(16)), "nothing waiting: would block");
            assertEquals(-1, b.recv(ByteBuffer.allocate(16)), "nothing waiting: would block");
            assertNull(a.peerAddress(), "not connected");
            for (boolean direct : new boolean[] {false, true}) {
                ByteBuffer out = direct ? ByteBuffer.allocateDirect(8) : ByteBuffer.allocate(8);
                out.put("ping".getBytes(StandardCharsets.US_ASCII)).flip();
                assertTrue(a.sendTo(out, b.localAddress()));
                assertFalse(out.hasRemaining());
                ByteBuffer in = direct ? ByteBuffer.allocate(8) : ByteBuffer.allocateDirect(8);
                InetSocketAddress from = Loops.nonNull("receive", () -> b.receive(in));
                assertEquals(a.localAddress(), from);
                assertEquals("ping", text(in));
            }
        }
    }

    @Test
    void emptyDatagramsTruncationAndPeek() throws Exception {
        try (UdpSocket a = PosixSockets.bindUdpSocket(P, ANY_V4); UdpSocket b = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            assertEquals(b.localAddress(), a.peerAddress());
            assertTrue(a.send(ByteBuffer.allocate(0)));
            assertEquals(0, (int) Loops.until("empty datagram", () -> b.recv(ByteBuffer.allocate(4)), n -> n >= 0));
            assertTrue(a.send(ByteBuffer.wrap("truncated".getBytes(StandardCharsets.US_ASCII))));
            ByteBuffer peeked = ByteBuffer.allocate(16);
            Loops.until("peek", () -> b.peek(peeked.clear()), n -> n == 9);
            ByteBuffer from = ByteBuffer.allocate(16);
            assertEquals(a.localAddress(), b.peekFrom(from));
            ByteBuffer small = ByteBuffer.allocate(5);
            assertEquals(5, b.recv(small), "a datagram longer than the buffer is truncated");
            assertEquals("trunc", text(small));
            assertEquals(-1, b.recv(ByteBuffer.allocate(16)), "the rest of it is gone");
        }
    }

    @Test
    void largeHeapDatagramsAreSentAndReceivedWhole() throws Exception {
        try (UdpSocket a = PosixSockets.bindUdpSocket(P, ANY_V4); UdpSocket b = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            b.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            byte[] payload = new byte[65_000];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            assertTrue(a.sendTo(ByteBuffer.wrap(payload), b.localAddress()));
            ByteBuffer in = ByteBuffer.allocate(70_000); // larger than the scratch chunk: received whole all the same
            Loops.nonNull("receive", () -> b.receive(in));
            assertEquals(payload.length, in.position());
            assertEquals(payload[64_999], in.get(64_999));
        }
    }

    @Test
    void connectedSocketToAClosedPortGetsPortUnreachable() throws Exception {
        int port;
        try (UdpSocket gone = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            port = gone.localAddress().getPort();
        }
        try (UdpSocket a = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            a.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(a.send(ByteBuffer.wrap(new byte[] {1})));
            // the ICMP port unreachable comes back as ECONNREFUSED on the next receive
            PortUnreachableException e = Loops.nonNull("ICMP error", () -> {
                try {
                    a.recv(ByteBuffer.allocate(4));
                    return null;
                } catch (PortUnreachableException unreachable) {
                    return unreachable;
                }
            });
            assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
        }
    }

    @Test
    void optionsRoundTrip() throws Exception {
        try (UdpSocket a = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            a.setBroadcast(true);
            assertTrue(a.broadcast());
            a.setMulticastLoop(false);
            assertFalse(a.multicastLoop());
            a.setMulticastTtl(3);
            assertEquals(3, a.multicastTtl());
            a.setTtl(33);
            assertEquals(33, a.ttl());
            a.setOption(StandardSocketOptions.IP_TOS, 0x20);
            assertEquals(0x20, a.getOption(StandardSocketOptions.IP_TOS));
            assertNull(a.getOption(StandardSocketOptions.IP_MULTICAST_IF));
            NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            assumeTrue(lo != null, "no loopback interface found");
            a.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            assertEquals(lo, a.getOption(StandardSocketOptions.IP_MULTICAST_IF));
            assertThrows(IOException.class, a::onlyV6, "IPV6_V6ONLY on an IPv4 socket");
        }
    }

    @Test
    void ipv6SendReceiveAndDualStack() throws Exception {
        UdpSocket v6;
        try {
            v6 = PosixSockets.bindUdpSocket(P, new InetSocketAddress(InetAddress.getByName("::1"), 0));
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback on this host: " + e.getMessage());
            return;
        }
        try (v6; UdpSocket other = PosixSockets.bindUdpSocket(P, new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            assertTrue(v6.onlyV6(), "Linux sets IPV6_V6ONLY on a socket bound to a specific IPv6 address");
            assertTrue(other.sendTo(ByteBuffer.wrap(new byte[] {7}), v6.localAddress()));
            assertEquals(other.localAddress(), Loops.nonNull("receive", () -> v6.receive(ByteBuffer.allocate(4))));
            v6.setTtl(12);
            assertEquals(12, v6.ttl());
            v6.setMulticastLoop(true);
            assertTrue(v6.multicastLoop());
            v6.setOption(StandardSocketOptions.IP_TOS, 0x20);
            assertEquals(0x20, v6.getOption(StandardSocketOptions.IP_TOS), "IPV6_TCLASS");
        }
        assumeTrue(!java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv6/bindv6only")).trim().equals("1"),
                "net.ipv6.bindv6only is 1 here: sockets bound to :: are IPv6-only");
        // an IPv4 target from a dual-stack socket bound to :: goes out as IPv4-mapped
        try (UdpSocket dual = PosixSockets.bindUdpSocket(P, new InetSocketAddress(InetAddress.getByName("::"), 0));
             UdpSocket v4 = PosixSockets.bindUdpSocket(P, ANY_V4)) {
            assertFalse(dual.onlyV6(), "bound to the wildcard: dual stack");
            assertTrue(dual.sendTo(ByteBuffer.wrap(new byte[] {8}), v4.localAddress()));
            InetSocketAddress from = Loops.nonNull("receive", () -> v4.receive(ByteBuffer.allocate(4)));
            assertEquals(InetAddress.getLoopbackAddress(), from.getAddress());
            assertEquals(dual.localAddress().getPort(), from.getPort());
        }
    }

    @Test
    void multicastJoinAndLeave() throws Exception {
        try (UdpSocket a = PosixSockets.bindUdpSocket(P, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0))) {
            InetAddress group = InetAddress.getByName("239.255.42.99");
            try {
                a.joinMulticast(group, null);
            } catch (IOException e) {
                // a host without a multicast route (e.g. a container with loopback only) says ENODEV
                assumeTrue(!e.getMessage().contains("ENODEV"), "no multicast route on this host: " + e.getMessage());
                throw e;
            }
            IOException twice = assertThrows(IOException.class, () -> a.joinMulticast(group, null));
            assertTrue(twice.getMessage().contains("IP_ADD_MEMBERSHIP 239.255.42.99"), twice.getMessage());
            a.leaveMulticast(group, null);
            assertThrows(IOException.class, () -> a.leaveMulticast(group, null), "not a member any more");
        }
    }
}
