package io.mio.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native array of fixed-size entries that a kernel reads or fills ({@code struct epoll_event},
 * {@code struct kevent}, {@code struct pollfd}), grown to the most entries asked for, so a steady
 * poll allocates nothing. Growing keeps the entries written so far. Used by one thread (the
 * poller's); freed by {@link #close()}, which a poll's close runs after any poll returned.
 */
public final class NativeArray {
    /** The size of one entry: the stride of the array. */
    private final long stride;
    private Arena arena;
    private MemorySegment segment;
    private int capacity;

    /**
     * Allocates an array.
     *
     * @param stride   the size of one entry in bytes
     * @param capacity the entries to allocate at first
     */
    public NativeArray(long stride, int capacity) {
        this.stride = stride;
        atLeast(capacity);
    }

    /**
     * The array, grown first if it holds fewer than {@code entries} (the entries already written
     * are copied). A segment returned earlier is freed by a growth.
     *
     * @param entries the entries needed
     * @return an array of at least that many entries
     */
    public MemorySegment atLeast(int entries) {
        if (entries > capacity) {
            Arena grown = Arena.ofShared();
            MemorySegment array = grown.allocate(stride * entries, 8);
            if (arena != null) {
                MemorySegment.copy(segment, 0, array, 0, segment.byteSize());
                arena.close();
            }
            arena = grown;
            segment = array;
            capacity = entries;
        }
        return segment;
    }

    /** {@return the array now, which a kernel filled (no growth: {@link #atLeast} grew it before the call)} */
    public MemorySegment segment() {
        return segment;
    }

    /** {@return the number of entries the array holds now} */
    public int capacity() {
        return capacity;
    }

    /** Frees the array. */
    public void close() {
        arena.close();
    }
}
