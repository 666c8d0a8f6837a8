package io.mio.kqueue;

import io.mio.posix.NativeArray;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The poller's side of a kevent call: the event list, grown to the largest {@code Events} capacity
 * seen (a steady poll allocates nothing), and the {@code struct timespec} of its timeout. Used by
 * the polling thread only; its {@link #memory()} is freed by the poll's close (the timespec is the poll arena's).
 */
final class KeventList {
    /** {@code struct timespec { time_t tv_sec; long tv_nsec; }}: 16 bytes on every LP64 flavour. */
    private final MemorySegment timespec;
    private final NativeArray list;

    KeventList(Kevent k, int entries, Arena arena) {
        timespec = arena.allocate(16, 8);
        list = new NativeArray(k.size, entries);
    }

    /** @return a list of at least {@code wanted} entries */
    MemorySegment atLeast(int wanted) {
        return list.atLeast(wanted);
    }

    /** @return the timespec of a wait of {@code nanos}, or NULL (negative) to wait without limit */
    MemorySegment timeout(long nanos) {
        if (nanos < 0) {
            return MemorySegment.NULL;
        }
        timespec.set(JAVA_LONG, 0, nanos / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
        return timespec;
    }

    /** @return the list's native array, which the poll's close frees after any poll returned */
    NativeArray memory() {
        return list;
    }
}
