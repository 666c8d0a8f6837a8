package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.Shutdown;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** TCP sockets on loopback, exercised with non-blocking calls and bounded retries. */
@Timeout(60)
class TcpTest {
    static final TestProvider P = TestProvider.INSTANCE;
    static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** A connected pair: [0] the client, [1] the accepted end. */
    static TcpStream[] connectedPair(TcpListener listener) throws Exception {
        TcpStream client = PosixSockets.connectTcpStream(P, listener.localAddress());
        TcpStream server = Loops.nonNull("accept", listener::accept);
        Loops.nonNull("client connected", client::peerAddress);
        return new TcpStream[] {client, server};
    }

    static void writeAll(TcpStream s, ByteBuffer src) throws Exception {
        Loops.await("write all", () -> {
            try {
                s.write(src);
                return !src.hasRemaining();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    static void readFully(TcpStream s, ByteBuffer dst) throws Exception {
        Loops.await("read fully", () -> {
            try {
                int n = s.read(dst);
                if (n < 0) {
                    throw new AssertionError("end of stream with " + dst.remaining() + " bytes missing");
                }
                return !dst.hasRemaining();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void connectAcceptAndExchangeWithHeapAndDirectBuffers() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            assertNull(listener.accept(), "no connection pending: would block");
            assertNotEquals(0, listener.localAddress().getPort());
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                assertEquals(0, server.read(ByteBuffer.allocate(16)), "nothing to read: would block");
                assertEquals(client.localAddress(), server.peerAddress());
                assertEquals(server.localAddress(), client.peerAddress());

                byte[] payload = new byte[200_000]; // larger than the heap scratch chunk: several calls
                new Random(42).nextBytes(payload);
                for (boolean directOut : new boolean[] {false, true}) {
                    for (boolean directIn : new boolean[] {false, true}) {
                        ByteBuffer out = directOut ? ByteBuffer.allocateDirect(payload.length) : ByteBuffer.allocate(payload.length);
                        out.put(payload).flip();
                        ByteBuffer in = directIn ? ByteBuffer.allocateDirect(payload.length) : ByteBuffer.allocate(payload.length);
                        // a non-zero position, to check the address and copy offsets
                        in.position(0);
                        Thread writer = Thread.ofPlatform().start(() -> {
                            try {
                                writeAll(client, out);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        });
                        readFully(server, in);
                        writer.join(10_000);
                        byte[] got = new byte[payload.length];
                        in.flip().get(got);
                        assertArrayEquals(payload, got, "direct out " + directOut + ", direct in " + directIn);
                    }
                }
            }
        }
    }

    @Test
    void buffersWithAnOffsetPositionAndReadOnlySources() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                for (ByteBuffer backing : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
                    backing.put("xxhello".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
                    ByteBuffer src = backing.asReadOnlyBuffer();
                    assertEquals(5, client.write(src));
                    assertEquals(7, src.position());
                    ByteBuffer dst = backing.isDirect() ? ByteBuffer.allocateDirect(16) : ByteBuffer.allocate(16);
                    dst.position(3);
                    Loops.until("read", () -> server.read(dst), n -> n > 0);
                    assertEquals(8, dst.position());
                    byte[] got = new byte[5];
                    dst.get(3, got);
                    assertEquals("hello", new String(got, StandardCharsets.US_ASCII));
                }
            }
        }
    }

    @Test
    void vectoredReadAndWriteMixHeapAndDirectBuffers() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                ByteBuffer[] out = {
                        ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)),
                        ByteBuffer.allocateDirect(4).put("defg".getBytes(StandardCharsets.US_ASCII)).flip(),
                        ByteBuffer.allocate(0),
                        ByteBuffer.wrap("hij".getBytes(StandardCharsets.US_ASCII)),
                };
                assertEquals(10, client.write(out));
                for (ByteBuffer b : out) {
                    assertFalse(b.hasRemaining());
                }
                ByteBuffer[] in = {ByteBuffer.allocateDirect(2), ByteBuffer.allocate(5), ByteBuffer.allocateDirect(10)};
                long total = 0;
                for (int i = 0; i < 1000 && total < 10; i++) {
                    long n = server.read(in);
                    assertTrue(n >= 0, "no end of stream");
                    total += n;
                    if (n == 0) {
                        Thread.onSpinWait();
                    }
                }
                assertEquals(10, total);
                assertEquals(2, in[0].position());
                assertEquals(5, in[1].position());
                assertEquals(3, in[2].position());
                StringBuilder got = new StringBuilder();
                for (ByteBuffer b : in) {
                    b.flip();
                    while (b.hasRemaining()) {
                        got.append((char) b.get());
                    }
                }
                assertEquals("abcdefghij", got.toString());
            }
        }
    }

    @Test
    void peekLeavesTheBytesAndShutdownGivesEndOfStream() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                assertEquals(0, server.peek(ByteBuffer.allocate(8)), "peek would block");
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                ByteBuffer peeked = ByteBuffer.allocate(8);
                Loops.until("peek", () -> server.peek(peeked.clear()), n -> n == 3);
                ByteBuffer read = ByteBuffer.allocateDirect(8);
                assertEquals(3, server.read(read));
                client.shutdown(Shutdown.WRITE);
                Loops.until("end of stream", () -> server.read(ByteBuffer.allocate(8)), n -> n == -1);
                assertEquals(-1, server.peek(ByteBuffer.allocate(8)));
                // the other direction still works
                assertEquals(2, server.write(ByteBuffer.wrap(new byte[] {9, 9})));
                Loops.until("read back", () -> client.read(ByteBuffer.allocate(8)), n -> n == 2);
            }
        }
    }

    @Test
    void addressInUseIsABindExceptionNamingBindAndErrno() throws Exception {
        try (TcpListener first = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            InetSocketAddress taken = first.localAddress();
            BindException e = assertThrows(BindException.class, () -> PosixSockets.bindTcpListener(P, taken, 0, false));
            assertEquals("bind(127.0.0.1:" + taken.getPort() + ") failed: EADDRINUSE (Address already in use)",
                    e.getMessage());
            // with SO_REUSEPORT on both, the second bind succeeds (Linux load-balances between them)
            try (TcpListener a = PosixSockets.bindTcpListener(P, ANY_V4, 0, true);
                 TcpListener b = PosixSockets.bindTcpListener(P, a.localAddress(), 0, true)) {
                assertEquals(a.localAddress(), b.localAddress());
                assertTrue(b.getOption(StandardSocketOptions.SO_REUSEPORT));
            }
        }
    }

    @Test
    void refusedConnectIsAConnectExceptionFromTakeError() throws Exception {
        int port;
        try (TcpListener probe = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            port = probe.localAddress().getPort(); // free once closed
        }
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        TcpStream stream;
        try {
            stream = PosixSockets.connectTcpStream(P, nobody);
        } catch (ConnectException refusedAtOnce) {
            assertTrue(refusedAtOnce.getMessage().contains("ECONNREFUSED"), refusedAtOnce.getMessage());
            return;
        }
        try (stream) {
            IOException error = Loops.nonNull("error", stream::takeError);
            assertInstanceOf(ConnectException.class, error);
            assertEquals("connect(127.0.0.1:" + port + ") failed: ECONNREFUSED (Connection refused)", error.getMessage());
            assertNull(stream.takeError(), "taking the error clears it");
            ConnectException again = assertThrows(ConnectException.class, stream::peerAddress,
                    "a failed connect stays failed");
            assertTrue(again.getMessage().contains("ECONNREFUSED"));
        }
    }

    @Test
    void peerAddressThrowsAndKeepsTheErrorWhenAskedBeforeTakeError() throws Exception {
        int port;
        try (TcpListener probe = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            port = probe.localAddress().getPort();
        }
        try (TcpStream stream = PosixSockets.connectTcpStream(P, new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            Loops.until("refused", () -> {
                try {
                    return stream.peerAddress() == null ? null : "connected?";
                } catch (ConnectException e) {
                    return "refused";
                }
            }, "refused"::equals);
            assertInstanceOf(ConnectException.class, stream.takeError(), "takeError still reports it");
        }
    }

    @Test
    void socketsAreNonBlockingAndCloseOnExec() throws Throwable {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                for (io.mio.Source s : new io.mio.Source[] {listener, client, server}) {
                    int fd = PosixSockets.fd(s);
                    assertTrue((TestProvider.fcntl(fd, Os.F_GETFL) & Os.O_NONBLOCK) != 0, s + " non-blocking");
                    assertTrue((TestProvider.fcntl(fd, Os.F_GETFD) & Os.FD_CLOEXEC) != 0, s + " close-on-exec");
                }
            }
        }
    }

    @Test
    void socketOptionsRoundTrip() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            assertTrue(listener.getOption(StandardSocketOptions.SO_REUSEADDR), "listeners set SO_REUSEADDR");
            listener.setTtl(42);
            assertEquals(42, listener.ttl());
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                client.setNodelay(true);
                assertTrue(client.nodelay());
                client.setNodelay(false);
                assertFalse(client.nodelay());
                client.setTtl(7);
                assertEquals(7, client.ttl());
                client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                assertTrue(client.getOption(StandardSocketOptions.SO_KEEPALIVE));
                client.setOption(StandardSocketOptions.SO_LINGER, 5);
                assertEquals(5, client.getOption(StandardSocketOptions.SO_LINGER));
                client.setOption(StandardSocketOptions.SO_LINGER, -1);
                assertEquals(-1, client.getOption(StandardSocketOptions.SO_LINGER));
                client.setOption(StandardSocketOptions.IP_TOS, 0x10);
                assertEquals(0x10, client.getOption(StandardSocketOptions.IP_TOS));
                client.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
                assertTrue(client.getOption(StandardSocketOptions.SO_RCVBUF) >= 65536, "Linux doubles it");
                client.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
                assertTrue(client.getOption(StandardSocketOptions.SO_SNDBUF) >= 65536);
                assertThrows(IllegalArgumentException.class, () -> client.setOption(StandardSocketOptions.SO_RCVBUF, -1));
                assertThrows(IllegalArgumentException.class, () -> client.setTtl(256));
                assertThrows(UnsupportedOperationException.class,
                        () -> client.setOption(StandardSocketOptions.SO_BROADCAST, true));
                IOException notV6 = assertThrows(IOException.class, () -> client.getOption(MioSocketOptions.IPV6_V6ONLY));
                assertTrue(notV6.getMessage().contains("getsockopt(IPV6_V6ONLY)"), notV6.getMessage());
                assertNull(server.takeError());
            }
        }
    }

    @Test
    void ipv6ConnectAcceptAndOptions() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        TcpListener listener;
        try {
            listener = PosixSockets.bindTcpListener(P, v6, 0, false);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback on this host: " + e.getMessage());
            return;
        }
        try (listener) {
            assertInstanceOf(Inet6Address.class, listener.localAddress().getAddress());
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]; TcpStream server = pair[1]) {
                assertEquals(server.localAddress(), client.peerAddress());
                client.setTtl(9);
                assertEquals(9, client.ttl(), "IPV6_UNICAST_HOPS");
                assertFalse(client.getOption(MioSocketOptions.IPV6_V6ONLY));
                client.write(ByteBuffer.wrap(new byte[] {5}));
                Loops.until("read", () -> server.read(ByteBuffer.allocate(4)), n -> n == 1);
            }
        }
    }

    @Test
    void writingToAClosedPeerFailsWithoutASignal() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]) {
                pair[1].close();
                ByteBuffer chunk = ByteBuffer.allocateDirect(8192);
                IOException e = Loops.nonNull("write fails", () -> {
                    try {
                        client.write(chunk.clear());
                        return null;
                    } catch (IOException failed) {
                        return failed;
                    }
                });
                assertTrue(e.getMessage().contains("EPIPE") || e.getMessage().contains("ECONNRESET"), e.getMessage());
                assertTrue(e.getMessage().startsWith("write failed: "), e.getMessage());
            }
        }
    }

    @Test
    void aResetIsASocketExceptionSayingConnectionReset() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
            TcpStream[] pair = connectedPair(listener);
            try (TcpStream client = pair[0]) {
                pair[1].setOption(StandardSocketOptions.SO_LINGER, 0); // close sends a RST
                pair[1].close();
                java.net.SocketException e = Loops.nonNull("reset", () -> {
                    try {
                        assertEquals(0, client.read(ByteBuffer.allocate(8)), "no data, no end of stream before the reset");
                        return null;
                    } catch (java.net.SocketException reset) {
                        return reset;
                    }
                });
                assertEquals("read failed: ECONNRESET (Connection reset by peer)", e.getMessage());
            }
        }
    }

    @Test
    void aSourceNotMadeHereHasNoDescriptor() {
        io.mio.IoSource foreign = new io.mio.IoSource(P) {
            @Override
            protected void implCloseSource() {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PosixSockets.fd(foreign));
        assertTrue(e.getMessage().contains("not made by the POSIX socket layer"), e.getMessage());
    }
}
