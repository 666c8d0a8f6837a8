package io.mio.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The native memory of vectored calls (an iovec array and a {@code msghdr} that points to it),
 * shared by all threads from a fixed number of slots: it does not grow with the number of threads
 * that ever did vectored I/O. A call takes a block and gives it back; when every slot is taken (more
 * threads in a vectored call at once than slots), the call gets a block that only the GC frees.
 */
final class IovecPool {
    /** Buffers per vectored call; the rest wait for the next call (a short read or write). */
    static final int MAX_IOV = 64;
    /** Where the msghdr starts in a block, after the iovec array. */
    static final long MSGHDR_OFFSET = Os.IOVEC.byteSize() * MAX_IOV;
    private static final long BLOCK_SIZE = MSGHDR_OFFSET + Os.MSGHDR.byteSize();
    private static final AtomicReferenceArray<MemorySegment> SLOTS =
            new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private IovecPool() {
    }

    /** @return a block of {@link #MAX_IOV} iovecs followed by a msghdr, to give back with {@link #release} */
    static MemorySegment acquire() {
        for (int i = 0; i < SLOTS.length(); i++) {
            MemorySegment block = SLOTS.getPlain(i);
            if (block != null && SLOTS.compareAndSet(i, block, null)) {
                return block;
            }
        }
        return Arena.ofAuto().allocate(BLOCK_SIZE, 8);
    }

    /** Gives a block back to a free slot, or drops it (then the GC frees it) when all are full. */
    static void release(MemorySegment block) {
        for (int i = 0; i < SLOTS.length(); i++) {
            if (SLOTS.getPlain(i) == null && SLOTS.compareAndSet(i, null, block)) {
                return;
            }
        }
    }
}
