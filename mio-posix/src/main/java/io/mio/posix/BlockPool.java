package io.mio.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The native memory that calls with heap buffers copy through, and the iovec array and
 * {@code msghdr} of vectored calls, in blocks shared by all threads from a fixed number of slots:
 * it does not grow with the number of threads that ever did I/O (virtual threads included). A call
 * takes a block and gives it back before it returns; when every slot is taken (more threads in such
 * a call at once than slots), the call gets a block that only the GC frees, and the block is dropped
 * on release if no slot is free.
 *
 * <p>Why heap buffers are copied, not passed in place with {@code Linker.Option.critical(true)}:
 * on JDK 25 the linker slices the errno capture segment on every call, and on the path that allows
 * heap arguments that slice is not reliably scalar-replaced (JFR in AllocationTest: 40 to 144 bytes
 * per call from {@code SharedUtils.checkCaptureSegment}, in some compilations and not others), which
 * breaks the zero-allocation rule; a copy of at most {@link #HEAP_CHUNK} bytes is what the JDK's own
 * NIO does for heap buffers.
 */
final class BlockPool {
    /** Bytes a heap buffer moves per call; a larger buffer gets a short read or write, which is legal. */
    static final int HEAP_CHUNK = Integer.getInteger("io.mio.posix.heapChunk", 64 * 1024);
    /** Buffers per vectored call; the rest wait for the next call (a short read or write). */
    static final int MAX_IOV = 64;
    private static final AtomicReferenceArray<Block> SLOTS =
            new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    /** One block: the heap chunk, then the iovec array, then a msghdr. */
    static final class Block {
        /** {@link #HEAP_CHUNK} bytes that heap buffers are copied through. */
        final MemorySegment heap;
        /** {@link #heap} as a ByteBuffer, for absolute bulk copies from and to any buffer. */
        final ByteBuffer heapView;
        /** The address of {@link #heap}. */
        final long heapAddress;
        /** {@link #MAX_IOV} iovecs. */
        final MemorySegment iovecs;
        /** A struct msghdr for sendmsg. */
        final MemorySegment msghdr;

        private Block(Arena arena) {
            long iovecBytes = Os.IOVEC.byteSize() * MAX_IOV;
            MemorySegment all = arena.allocate(HEAP_CHUNK + iovecBytes + Os.MSGHDR.byteSize(), 64);
            heap = all.asSlice(0, HEAP_CHUNK);
            heapView = heap.asByteBuffer();
            heapAddress = heap.address();
            iovecs = all.asSlice(HEAP_CHUNK, iovecBytes);
            msghdr = all.asSlice(HEAP_CHUNK + iovecBytes, Os.MSGHDR.byteSize());
        }
    }

    private BlockPool() {
    }

    /** @return a block, to give back with {@link #release} */
    static Block acquire() {
        for (int i = 0; i < SLOTS.length(); i++) {
            Block block = SLOTS.getPlain(i);
            if (block != null && SLOTS.compareAndSet(i, block, null)) {
                return block;
            }
        }
        return new Block(Arena.ofAuto());
    }

    /** Gives a block back to a free slot, or drops it (then the GC frees it) when all are full. */
    static void release(Block block) {
        for (int i = 0; i < SLOTS.length(); i++) {
            if (SLOTS.getPlain(i) == null && SLOTS.compareAndSet(i, null, block)) {
                return;
            }
        }
    }
}
