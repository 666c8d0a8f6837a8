package io.mio.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Native memory each thread reuses for its calls, so the steady-state path allocates nothing: the
 * errno capture segment, room for an address, an option value and an iovec array, and (allocated
 * on the first use with a heap buffer) the buffer heap {@code ByteBuffer}s are copied through.
 *
 * <p>Safe to reuse because a thread makes one call at a time and no call keeps a pointer after it
 * returns. The memory comes from an automatic arena: it is freed once the thread is gone and its
 * {@code Scratch} unreachable.
 */
final class Scratch {
    /** Bytes a heap buffer moves per call; a larger buffer gets a short read or write, which is legal. */
    static final int HEAP_CHUNK = Integer.getInteger("io.mio.posix.heapChunk", 64 * 1024);
    /** Buffers per vectored call; the rest wait for the next call (a short read or write). */
    static final int MAX_IOV = 64;

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private final Arena arena = Arena.ofAuto();
    /** The errno capture segment. */
    final MemorySegment callState = Downcalls.newCallState(arena);
    /** A sockaddr_storage, for addresses passed in and out. */
    final MemorySegment address = arena.allocate(Os.SOCKADDR_STORAGE);
    /** A socklen_t, in-out length of {@link #address} or of {@link #value}. */
    final MemorySegment length = arena.allocate(8, 8);
    /** An option value or small struct (linger, ip_mreqn, ipv6_mreq), or the int[2] of pipe2/socketpair. */
    final MemorySegment value = arena.allocate(32, 8);
    /** The iovec array of vectored calls. */
    final MemorySegment iovecs = arena.allocate(Os.IOVEC.byteSize() * MAX_IOV, 8);
    /** A struct msghdr for sendmsg. */
    final MemorySegment msghdr = arena.allocate(Os.MSGHDR);
    private MemorySegment heap;
    private ByteBuffer heapView;

    static Scratch get() {
        return PER_THREAD.get();
    }

    /** @return the segment heap buffers are copied through, allocated on first use */
    MemorySegment heap() {
        if (heap == null) {
            heap = arena.allocate(HEAP_CHUNK, 64);
            heapView = heap.asByteBuffer();
        }
        return heap;
    }

    /** @return {@link #heap()} as a ByteBuffer, for absolute bulk copies from and to any buffer */
    ByteBuffer heapView() {
        heap();
        return heapView;
    }
}
