package io.mio.tck;

import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Buffers whose memory an arena owns ({@code arena.allocate(n).asByteBuffer()}) are as safe as the
 * JDK's channels make them: the memory of a closed arena is an {@link IllegalStateException} and a
 * confined arena's buffer used from another thread a {@link WrongThreadException}, both before the
 * system call (no byte is sent, none is consumed); and an arena cannot be closed while a call uses
 * its memory, so a racing close never frees memory the kernel is writing.
 */
public class BufferScopeTest extends TckBase {
    private static final byte[] DATA = {1, 2, 3, 4};

    /** For the TCK engine. */
    public BufferScopeTest() {
    }

    @TckTest
    void streamReadAndWriteWithAClosedArenasBufferFailBeforeTheKernel() throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        ByteBuffer closed = closedSharedBuffer();
        assertThrows(IllegalStateException.class, () -> pair.client().write(closed), "write");
        assertThrows(IllegalStateException.class, () -> pair.client().write(new ByteBuffer[] {closed}), "vectored write");

        // the failed writes sent nothing: the first bytes the server sees are these
        writeAll(pair.client(), DATA);
        awaitPeekable(pair.server(), DATA.length);
        assertThrows(IllegalStateException.class, () -> pair.server().read(closed), "read");
        assertThrows(IllegalStateException.class, () -> pair.server().read(new ByteBuffer[] {closed}), "vectored read");
        assertArrayEquals(DATA, readExactly(pair.server(), DATA.length), "the failed reads consumed nothing");
    }

    @TckTest
    void datagramSendAndReceiveWithAClosedArenasBufferFailBeforeTheKernel() throws IOException {
        UdpSocket a = track(UdpSocket.bind(loopback(IpFamily.IPV4), provider));
        UdpSocket b = track(UdpSocket.bind(loopback(IpFamily.IPV4), provider));
        ByteBuffer closed = closedSharedBuffer();
        assertThrows(IllegalStateException.class, () -> a.sendTo(closed, b.localAddress()), "sendTo");
        a.connect(b.localAddress());
        assertThrows(IllegalStateException.class, () -> a.send(closed), "send");

        assertTrue(a.send(ByteBuffer.wrap(DATA)));
        ByteBuffer peeked = ByteBuffer.allocate(16);
        InetSocketAddress from = within("a datagram to peek", () -> b.peekFrom(peeked.clear()));
        assertEquals(a.localAddress(), from);
        assertArrayEquals(DATA, bytes(peeked.flip()), "the failed sends sent nothing");
        assertThrows(IllegalStateException.class, () -> b.receive(closed), "receive");
        assertThrows(IllegalStateException.class, () -> b.recv(closed), "recv");
        ByteBuffer in = ByteBuffer.allocate(16);
        assertNotNull(b.receive(in), "the failed receives consumed nothing");
        assertArrayEquals(DATA, bytes(in.flip()));
        assertNull(b.receive(in.clear()), "one datagram only");
    }

    @TckTest
    void aConfinedArenasBufferUsedFromAnotherThreadIsAWrongThreadException() throws Exception {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        writeAll(pair.client(), DATA);
        awaitPeekable(pair.server(), DATA.length);
        try (Arena confined = Arena.ofConfined()) {
            ByteBuffer buffer = confined.allocate(16).asByteBuffer();
            buffer.put(0, DATA);
            buffer.limit(DATA.length);
            AtomicReference<Throwable> write = new AtomicReference<>();
            AtomicReference<Throwable> read = new AtomicReference<>();
            Thread other = Thread.ofPlatform().start(() -> {
                write.set(thrown(() -> pair.client().write(buffer)));
                read.set(thrown(() -> pair.server().read(buffer)));
            });
            assertTrue(other.join(BOUND), "the other thread finished");
            assertInstanceOf(WrongThreadException.class, write.get(), "write from another thread");
            assertInstanceOf(WrongThreadException.class, read.get(), "read from another thread");
            // nothing moved: the server still has exactly the first bytes, and the owner may use the buffer
            assertArrayEquals(DATA, readExactly(pair.server(), DATA.length));
            assertEquals(DATA.length, pair.client().write(buffer), "the owning thread may write from it");
            assertArrayEquals(DATA, readExactly(pair.server(), DATA.length));
        }
    }

    /** Memory that only the GC frees (the global and automatic arenas) has no owner thread: any thread may use it. */
    @TckTest
    void buffersOfTheGlobalAndAutomaticArenasWorkFromAnyThread() throws Exception {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        ByteBuffer automatic = Arena.ofAuto().allocate(DATA.length).asByteBuffer().put(0, DATA);
        ByteBuffer global = Arena.global().allocate(DATA.length).asByteBuffer();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> failure.set(thrown(() -> {
            writeAllFrom(pair.client(), automatic);
            within("the bytes in the global arena's buffer", () -> {
                pair.server().read(global);
                return global.hasRemaining() ? null : Boolean.TRUE;
            });
            return null;
        })));
        assertTrue(other.join(BOUND), "the other thread finished");
        assertNull(failure.get(), () -> "failed on another thread: " + failure.get());
        assertArrayEquals(DATA, bytes(global.flip()));
    }

    /**
     * 10,000 reads, each into a new shared arena's buffer that another thread closes as soon as it
     * can: a close either happens before the read (which then fails before the system call and
     * consumes nothing) or waits for it (the close fails while the read holds the memory), never
     * during it. Every byte written is read exactly once.
     */
    @TckTest
    void aCloseRacingReadsNeverLetsAReadUseFreedMemory() throws Exception {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        int rounds = 10_000;
        BlockingQueue<Arena> toClose = new ArrayBlockingQueue<>(1);
        BlockingQueue<Arena> closedArenas = new ArrayBlockingQueue<>(1);
        Thread closer = Thread.ofPlatform().name("arena-closer").start(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    Arena arena = toClose.take();
                    while (true) {
                        try {
                            arena.close();
                            break;
                        } catch (IllegalStateException inUse) {
                            Thread.onSpinWait(); // a read holds it: the close waits for the read
                        }
                    }
                    closedArenas.put(arena);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long written = 0;
        long read = 0;
        int failedBeforeTheCall = 0;
        byte[] one = {42};
        try {
            for (int i = 0; i < rounds; i++) {
                written += pair.client().write(ByteBuffer.wrap(one));
                Arena arena = Arena.ofShared();
                ByteBuffer buffer = arena.allocate(64).asByteBuffer();
                assertTrue(toClose.offer(arena, BOUND.toMillis(), TimeUnit.MILLISECONDS));
                boolean closedAlready = closedArenas.peek() == arena; // the close finished before the read began
                try {
                    int n = pair.server().read(buffer);
                    if (closedAlready) {
                        fail("round " + i + ": a read into a closed arena's buffer returned " + n);
                    }
                    read += Math.max(n, 0);
                } catch (IllegalStateException expected) {
                    failedBeforeTheCall++;
                }
                assertTrue(closedArenas.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS) == arena, "round " + i + " closed");
            }
        } finally {
            closer.interrupt();
            assertTrue(closer.join(BOUND));
        }
        read += drain(pair.server(), written - read);
        assertEquals(written, read, "every byte read exactly once (" + failedBeforeTheCall
                + " reads failed before their call)");
    }

    // ---------------------------------------------------------------- helpers

    private static ByteBuffer closedSharedBuffer() {
        Arena arena = Arena.ofShared();
        ByteBuffer buffer = arena.allocate(16).asByteBuffer();
        arena.close();
        assertFalse(arena.scope().isAlive());
        return buffer;
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static Throwable thrown(IoCall<?> call) {
        try {
            call.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Calls until the result is not null, bounded. */
    private <T> T within(String what, IoCall<T> call) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            T result = call.call();
            if (result != null) {
                return result;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("[" + backend() + "] no " + what + " within " + BOUND);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private void writeAll(TcpStream stream, byte[] data) throws IOException {
        writeAllFrom(stream, ByteBuffer.wrap(data));
    }

    private void writeAllFrom(TcpStream stream, ByteBuffer src) throws IOException {
        within("room to write", () -> {
            stream.write(src);
            return src.hasRemaining() ? null : Boolean.TRUE;
        });
    }

    private void awaitPeekable(TcpStream stream, int bytes) throws IOException {
        ByteBuffer peek = ByteBuffer.allocate(bytes);
        within(bytes + " bytes to peek", () -> stream.peek(peek.clear()) >= bytes ? Boolean.TRUE : null);
    }

    private byte[] readExactly(TcpStream stream, int bytes) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(bytes);
        within(bytes + " bytes to read", () -> {
            if (stream.read(dst) < 0) {
                throw new AssertionError("end of stream");
            }
            return dst.hasRemaining() ? null : Boolean.TRUE;
        });
        return dst.array();
    }

    private long drain(TcpStream stream, long expected) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(4096);
        long[] total = {0};
        if (expected > 0) {
            within(expected + " more bytes", () -> {
                int n = stream.read(dst.clear());
                total[0] += Math.max(n, 0);
                return total[0] >= expected ? Boolean.TRUE : null;
            });
        }
        return total[0] + Math.max(stream.read(dst.clear()), 0);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
