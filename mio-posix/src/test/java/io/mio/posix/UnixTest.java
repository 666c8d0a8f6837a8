package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unix-domain sockets, pipes and raw descriptors. */
@Timeout(60)
class UnixTest {
    static final TestProvider P = TestProvider.INSTANCE;

    @TempDir
    Path dir;

    static String text(ByteBuffer b) {
        b.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void pathListenerConnectAcceptAndExchange() throws Exception {
        UnixAddress address = UnixAddress.of(dir.resolve("s.sock"));
        try (UnixListener listener = PosixSockets.bindUnixListener(P, address)) {
            assertEquals(address, listener.localAddress());
            assertNull(listener.accept());
            try (UnixStream client = PosixSockets.connectUnixStream(P, address);
                 UnixStream server = Loops.nonNull("accept", listener::accept)) {
                assertEquals(address, client.peerAddress());
                assertTrue(client.localAddress().isUnnamed());
                assertEquals(0, server.read(ByteBuffer.allocate(4)));
                assertEquals(5, client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII))));
                ByteBuffer in = ByteBuffer.allocateDirect(16);
                Loops.until("read", () -> server.read(in), n -> n > 0);
                assertEquals("hello", text(in));
                client.shutdown(Shutdown.WRITE);
                Loops.until("end of stream", () -> server.read(ByteBuffer.allocate(4)), n -> n == -1);
            }
            BindException inUse = assertThrows(BindException.class, () -> PosixSockets.bindUnixListener(P, address));
            assertTrue(inUse.getMessage().contains("EADDRINUSE"), inUse.getMessage());
        }
        assertTrue(Files.exists(dir.resolve("s.sock")), "closing a listener leaves its file, as bind(2) does");
        ConnectException refused = assertThrows(ConnectException.class,
                () -> PosixSockets.connectUnixStream(P, address));
        assertTrue(refused.getMessage().startsWith("connect(" + address + ") failed: ECONNREFUSED"), refused.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> PosixSockets.connectUnixStream(P, UnixAddress.of(dir.resolve("none"))));
        assertTrue(missing.getMessage().contains("ENOENT"), missing.getMessage());
    }

    @Test
    void abstractNamesNeedNoFile() throws Exception {
        UnixAddress address = UnixAddress.ofAbstract("mio-posix-test-" + ProcessHandle.current().pid());
        try (UnixListener listener = PosixSockets.bindUnixListener(P, address);
             UnixStream client = PosixSockets.connectUnixStream(P, address);
             UnixStream server = Loops.nonNull("accept", listener::accept)) {
            assertEquals(address, listener.localAddress());
            assertTrue(listener.localAddress().isAbstract());
            assertEquals(address, client.peerAddress());
            assertEquals(address, server.localAddress());
            client.write(ByteBuffer.wrap(new byte[] {1, 2}));
            Loops.until("read", () -> server.read(ByteBuffer.allocate(4)), n -> n == 2);
        }
        // a name with a NUL inside and the longest name that fits both work
        byte[] longest = new byte[Os.SUN_PATH_SIZE - 1];
        longest[0] = 'x';
        try (UnixDatagram d = PosixSockets.bindUnixDatagram(P, UnixAddress.ofAbstract(longest))) {
            assertArrayEquals(longest, d.localAddress().abstractName());
        }
    }

    @Test
    void aPathTooLongForSunPathIsAnIllegalArgumentNamingTheLimit() throws Exception {
        int before = TestProvider.openDescriptors();
        UnixAddress tooLong = UnixAddress.of(dir.resolve("x".repeat(120)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PosixSockets.bindUnixListener(P, tooLong));
        assertTrue(e.getMessage().contains("107") && e.getMessage().contains("sun_path"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PosixSockets.connectUnixStream(P, tooLong));
        assertThrows(IllegalArgumentException.class, () -> PosixSockets.bindUnixDatagram(P, tooLong));
        assertThrows(IllegalArgumentException.class,
                () -> PosixSockets.bindUnixDatagram(P, UnixAddress.ofAbstract(new byte[Os.SUN_PATH_SIZE])));
        assertEquals(before, TestProvider.openDescriptors(), "no socket left open by the failures");
    }

    @Test
    @SuppressWarnings("try") // b is closed inside to break the pipe
    void streamPairsAndVectoredIo() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(P);
        try (UnixStream a = pair[0]; UnixStream b = pair[1]) {
            assertTrue(a.peerAddress().isUnnamed());
            ByteBuffer[] out = {ByteBuffer.wrap("ab".getBytes(StandardCharsets.US_ASCII)),
                    ByteBuffer.allocateDirect(3).put("cde".getBytes(StandardCharsets.US_ASCII)).flip()};
            assertEquals(5, a.write(out));
            ByteBuffer[] in = {ByteBuffer.allocateDirect(1), ByteBuffer.allocate(10)};
            assertEquals(5, (long) Loops.until("readv", () -> b.read(in), n -> n > 0));
            assertEquals("a", text(in[0]));
            assertEquals("bcde", text(in[1]));
            b.close();
            IOException e = assertThrows(IOException.class, () -> a.write(ByteBuffer.wrap(new byte[1])));
            assertTrue(e.getMessage().contains("EPIPE"), e.getMessage());
        }
    }

    @Test
    void vectoredIoWithHeapBuffersLargerThanTheScratchChunkIsAShortTransferInOrder() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(P);
        try (UnixStream a = pair[0]; UnixStream b = pair[1]) {
            a.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
            b.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            byte[] big = new byte[BlockPool.HEAP_CHUNK + 1000];
            new java.util.Random(7).nextBytes(big);
            ByteBuffer heap = ByteBuffer.wrap(big);
            ByteBuffer tail = ByteBuffer.allocateDirect(10).put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).flip();
            ByteBuffer[] out = {heap, tail};
            long first = a.write(out);
            assertEquals(BlockPool.HEAP_CHUNK, first, "the heap buffer goes one chunk at a time, the direct one waits");
            assertEquals(BlockPool.HEAP_CHUNK, heap.position());
            assertEquals(0, tail.position());
            assertEquals(1010, a.write(out));
            assertFalse(heap.hasRemaining() || tail.hasRemaining());

            ByteBuffer inHeap = ByteBuffer.allocate(big.length);
            ByteBuffer inTail = ByteBuffer.allocateDirect(10);
            ByteBuffer[] in = {inHeap, inTail};
            long total = 0;
            for (int i = 0; i < 100 && total < big.length + 10; i++) {
                long n = b.read(in);
                assertTrue(n >= 0);
                total += n;
            }
            assertEquals(big.length + 10, total);
            assertArrayEquals(big, inHeap.array());
            inTail.flip();
            assertEquals(1, inTail.get(0));
            assertEquals(10, inTail.get(9));
        }
    }

    @Test
    void vectoredIoCountsOnlyNonEmptyBuffersTowardTheIovecCap() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(P);
        try (UnixStream a = pair[0]; UnixStream b = pair[1]) {
            ByteBuffer[] out = new ByteBuffer[BlockPool.MAX_IOV + 2];
            for (int i = 0; i < out.length; i++) {
                boolean empty = i < BlockPool.MAX_IOV;
                out[i] = (i % 2 == 0 ? ByteBuffer.allocateDirect(1) : ByteBuffer.allocate(1)).put(0, (byte) i);
                out[i].limit(empty ? 0 : 1);
            }
            assertEquals(2, a.write(out), "64 empty buffers do not use up the iovec array");
            ByteBuffer in = ByteBuffer.allocate(2);
            assertEquals(2, (long) Loops.until("read", () -> b.read(in), n -> n > 0));
            assertArrayEquals(new byte[] {(byte) BlockPool.MAX_IOV, (byte) (BlockPool.MAX_IOV + 1)}, in.array());
        }
    }

    @Test
    void vectoredIoStopsBeforeAnArenaBufferWhichThenGoesAloneThroughTheCheckedCall() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(P);
        try (UnixStream a = pair[0]; UnixStream b = pair[1]; java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            ByteBuffer arenaBuffer = arena.allocate(3).asByteBuffer().put(new byte[] {3, 4, 5}).flip();
            ByteBuffer[] out = {ByteBuffer.wrap(new byte[] {1, 2}), arenaBuffer, ByteBuffer.allocateDirect(1).put(0, (byte) 6)};
            assertEquals(2, a.write(out), "the heap buffer goes; the iovec stops before the arena's buffer");
            assertEquals(3, a.write(out), "the arena's buffer goes alone, checked");
            assertEquals(1, a.write(out));
            ByteBuffer[] in = {arena.allocate(4).asByteBuffer(), ByteBuffer.allocate(4)};
            long total = 0;
            for (int i = 0; i < 100 && total < 6; i++) {
                total += b.read(in);
            }
            assertEquals(6, total);
            assertEquals(1, in[0].get(0));
            assertEquals(4, in[0].get(3));
            assertEquals(5, in[1].get(0));
            assertEquals(6, in[1].get(1));
        }
    }

    @Test
    void datagramsBoundUnboundAndPaired() throws Exception {
        UnixAddress address = UnixAddress.of(dir.resolve("d.sock"));
        try (UnixDatagram bound = PosixSockets.bindUnixDatagram(P, address);
             UnixDatagram unbound = PosixSockets.unboundUnixDatagram(P)) {
            assertNull(bound.receive(ByteBuffer.allocate(8)));
            assertTrue(unbound.sendTo(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)), address));
            ByteBuffer in = ByteBuffer.allocate(8);
            UnixAddress from = Loops.nonNull("receive", () -> bound.receive(in));
            assertTrue(from.isUnnamed(), "the sender is unbound: " + from);
            assertEquals("hi", text(in));
            assertTrue(unbound.sendTo(ByteBuffer.allocate(0), address));
            assertEquals(0, (int) Loops.until("empty datagram", () -> bound.recv(ByteBuffer.allocate(8)), n -> n >= 0));
            unbound.connect(address);
            assertEquals(address, unbound.peerAddress());
            assertTrue(unbound.send(ByteBuffer.wrap(new byte[] {3})));
            Loops.until("recv", () -> bound.recv(ByteBuffer.allocate(8)), n -> n == 1);
        }
        UnixDatagram[] pair = PosixSockets.unixDatagramPair(P);
        try (UnixDatagram a = pair[0]; UnixDatagram b = pair[1]) {
            // Unix datagrams larger than the scratch chunk go whole from a heap buffer
            byte[] big = new byte[100_000];
            big[99_999] = 42;
            a.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
            b.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            assertTrue(a.send(ByteBuffer.wrap(big)));
            ByteBuffer in = ByteBuffer.allocate(120_000);
            assertEquals(100_000, (int) Loops.until("recv", () -> b.recv(in), n -> n >= 0));
            assertEquals(42, in.get(99_999));
            b.shutdown(Shutdown.READ);
        }
    }

    @Test
    void pipesMoveBytesAndReportTheirEnds() throws Throwable {
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            int rfd = PosixSockets.fd(pipe.receiver());
            int wfd = PosixSockets.fd(pipe.sender());
            for (int fd : new int[] {rfd, wfd}) {
                assertTrue((TestProvider.fcntl(fd, Os.F_GETFL) & Os.O_NONBLOCK) != 0);
                assertTrue((TestProvider.fcntl(fd, Os.F_GETFD) & Os.FD_CLOEXEC) != 0);
            }
            assertEquals(0, pipe.receiver().read(ByteBuffer.allocate(4)), "empty: would block");
            assertEquals(3, pipe.sender().write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            assertEquals(2, pipe.sender().write(new ByteBuffer[] {ByteBuffer.allocateDirect(1), ByteBuffer.allocate(1)}));
            ByteBuffer[] in = {ByteBuffer.allocate(2), ByteBuffer.allocateDirect(8)};
            assertEquals(5, pipe.receiver().read(in));
            // fill it: a full pipe is would-block, never an exception
            ByteBuffer chunk = ByteBuffer.allocateDirect(65536);
            long written = 0;
            for (int i = 0; i < 1000; i++) {
                int n = pipe.sender().write(chunk.clear());
                if (n == 0) {
                    break;
                }
                written += n;
            }
            assertTrue(written > 0);
            assertEquals(0, pipe.sender().write(chunk.clear()), "full: would block");
            pipe.receiver().close();
            IOException broken = assertThrows(IOException.class, () -> pipe.sender().write(ByteBuffer.wrap(new byte[1])));
            assertEquals("write failed: EPIPE (Broken pipe)", broken.getMessage());
        }
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            pipe.sender().close();
            assertEquals(-1, pipe.receiver().read(ByteBuffer.allocate(4)), "end of file once the sender is closed");
        }
    }

    @Test
    void closingASourceFdLeavesTheUsersDescriptorOpen() throws Throwable {
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            int fd = TestProvider.dup(PosixSockets.fd(pipe.receiver()));
            assertTrue(fd >= 0);
            try {
                SourceFd source = PosixSockets.sourceFd(P, fd);
                assertEquals(fd, source.fd());
                assertEquals(fd, PosixSockets.fd(source));
                source.close();
                assertFalse(source.isOpen());
                assertTrue(TestProvider.fcntl(fd, Os.F_GETFD) >= 0, "the descriptor is still open");
            } finally {
                assertEquals(0, TestProvider.close(fd));
            }
            assertEquals(-Errno.EBADF, TestProvider.fcntl(fd, Os.F_GETFD));
        }
        assertThrows(IllegalArgumentException.class, () -> PosixSockets.sourceFd(P, -1));
    }

    @Test
    void useAfterCloseIsAClosedChannelException() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(P);
        pair[0].close();
        pair[0].close(); // twice: nothing
        pair[1].close();
        assertThrows(ClosedChannelException.class, () -> pair[0].read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> pair[0].write(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> pair[0].shutdown(Shutdown.BOTH));
        assertThrows(ClosedChannelException.class, pair[0]::localAddress);
        assertThrows(ClosedChannelException.class, pair[0]::takeError);
    }
}
