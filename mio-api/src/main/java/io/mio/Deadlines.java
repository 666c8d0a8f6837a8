package io.mio;

import io.mio.spi.Readiness;

/**
 * The scheduled {@link Deadline}s of one {@link Poll}: an indexed binary min-heap ordered by time,
 * then by the order of scheduling (so equal times fire in the order they were set). Each deadline
 * knows its slot, so removing or moving one is O(log n). The array doubles only when full, so
 * scheduling allocates nothing in steady state. Used by one thread at a time (the poller's).
 */
final class Deadlines {
    private Deadline[] heap = new Deadline[16];
    private int size;
    /** Stamps each scheduling; orders deadlines of equal time. */
    private long sequence;

    /** {@return how many deadlines are scheduled} */
    int size() {
        return size;
    }

    /** {@return the earliest scheduled time; only when {@link #size()} is not 0} */
    long earliest() {
        return heap[0].nanoTime;
    }

    /** Schedules {@code deadline} at {@code nanoTime}, moving it if it was scheduled. */
    void schedule(Deadline deadline, long nanoTime) {
        deadline.nanoTime = nanoTime;
        deadline.sequence = sequence++;
        int slot = deadline.slot;
        if (slot < 0) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            slot = size++;
            heap[slot] = deadline;
            deadline.slot = slot;
            up(slot);
        } else {
            // later or earlier than before: one of the two moves does nothing
            up(slot);
            down(deadline.slot);
        }
    }

    /** Removes {@code deadline}; returns whether it was scheduled. */
    boolean remove(Deadline deadline) {
        int slot = deadline.slot;
        if (slot < 0) {
            return false;
        }
        deadline.slot = -1;
        Deadline last = heap[--size];
        heap[size] = null;
        if (slot != size) {
            heap[slot] = last;
            last.slot = slot;
            up(slot);
            down(last.slot);
        }
        return true;
    }

    /** Adds a timer event for each deadline expired at {@code now}, earliest first, until full. */
    void fireTo(Events events, long now) {
        while (size > 0 && heap[0].nanoTime - now <= 0 && events.add(heap[0].token(), Readiness.TIMER)) {
            remove(heap[0]);
        }
    }

    private static boolean before(Deadline a, Deadline b) {
        long difference = a.nanoTime - b.nanoTime; // nanoTime may wrap: compare the difference
        return difference < 0 || (difference == 0 && a.sequence < b.sequence);
    }

    private void up(int slot) {
        Deadline moving = heap[slot];
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!before(moving, heap[parent])) {
                break;
            }
            place(heap[parent], slot);
            slot = parent;
        }
        place(moving, slot);
    }

    private void down(int slot) {
        Deadline moving = heap[slot];
        int half = size >>> 1;
        while (slot < half) {
            int child = 2 * slot + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], moving)) {
                break;
            }
            place(heap[child], slot);
            slot = child;
        }
        place(moving, slot);
    }

    private void place(Deadline deadline, int slot) {
        heap[slot] = deadline;
        deadline.slot = slot;
    }
}
