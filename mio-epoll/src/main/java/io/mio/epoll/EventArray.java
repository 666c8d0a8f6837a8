package io.mio.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The array of {@code struct epoll_event} that epoll_wait fills, grown to the largest
 * {@code Events} capacity seen (so a steady poll allocates nothing). Used by the polling thread only;
 * freed by {@link #close()}, which the poll's close runs after any poll returned.
 */
final class EventArray {
    private Arena arena;
    private MemorySegment segment;
    private int capacity;

    EventArray(int capacity) {
        grow(capacity);
    }

    /**
     * @param capacity the entries needed
     * @return an array of at least that many entries
     */
    MemorySegment atLeast(int capacity) {
        if (capacity > this.capacity) {
            grow(capacity);
        }
        return segment;
    }

    private void grow(int capacity) {
        Arena grown = Arena.ofShared();
        MemorySegment array = grown.allocate(EPoll.SIZE * capacity, 8);
        if (arena != null) {
            arena.close();
        }
        arena = grown;
        segment = array;
        this.capacity = capacity;
    }

    void close() {
        arena.close();
    }
}
