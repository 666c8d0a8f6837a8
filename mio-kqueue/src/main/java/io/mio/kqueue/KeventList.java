package io.mio.kqueue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The poller's side of a kevent call: the event list, grown to the largest {@code Events} capacity
 * seen (a steady poll allocates nothing), and the {@code struct timespec} of its timeout. Used by
 * the polling thread only; freed by {@link #close()}, which the poll's close runs after any poll.
 */
final class KeventList {
    private final Kevent k;
    private final Arena timeoutArena = Arena.ofShared();
    /** {@code struct timespec { time_t tv_sec; long tv_nsec; }}: 16 bytes on every LP64 flavour. */
    private final MemorySegment timespec = timeoutArena.allocate(16, 8);
    private Arena listArena;
    private MemorySegment list;
    private int entries;

    KeventList(Kevent k, int entries) {
        this.k = k;
        atLeast(entries);
    }

    /** @return a list of at least {@code wanted} entries */
    MemorySegment atLeast(int wanted) {
        if (wanted > entries) {
            Arena replacement = Arena.ofShared();
            MemorySegment bigger = replacement.allocate(k.size * wanted, 8);
            if (listArena != null) {
                listArena.close();
            }
            listArena = replacement;
            list = bigger;
            entries = wanted;
        }
        return list;
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

    void close() {
        listArena.close();
        timeoutArena.close();
    }
}
