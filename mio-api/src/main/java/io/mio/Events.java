package io.mio;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The events one {@link Poll#poll} returned, at most {@link #capacity()} of them.
 *
 * <p>All {@link Event} slots are allocated by {@link #withCapacity}, so polling and iterating
 * allocate nothing. For the same reason {@link #iterator()} hands out reused iterators, and only
 * the one it returned last is valid: iterating the same {@code Events} in two nested loops fails
 * loudly, with a {@link ConcurrentModificationException} from the outer loop's iterator once the
 * inner loop has started, as does iterating on after {@link #clear()} or a poll into these events.
 * To pair events with each other, index with {@link #size()} and {@link #get} instead. Leaving a
 * loop early ({@code break}) is fine. An {@code Events} is used by one thread at a time.
 */
public final class Events implements Iterable<Event> {
    private final Event[] slots;
    /**
     * Two iterators handed out in turn, each stamped with the {@link #iteration} it serves: the
     * latest is always the other one than any loop still running, so an outer loop's iterator sees
     * a stale stamp once an inner loop began, and fails instead of silently skipping events.
     */
    private final Cursor first = new Cursor();
    private final Cursor second = new Cursor();
    /** The iterator handed out last. */
    private Cursor last = second;
    /** Bumped by each iterator() and clear(); only an iterator of the current one is valid. */
    private int iteration;
    private int size;
    /**
     * What {@link #capacity()} answers: the number of slots, except while a backend polls with room
     * kept for user-space events and deadlines ({@link Poll#poll}).
     */
    private int limit;

    private Events(int capacity) {
        slots = new Event[capacity];
        limit = capacity;
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Event();
        }
    }

    /**
     * Creates room for up to {@code capacity} events per poll.
     *
     * @param capacity the maximum number of events one poll returns; at least 1
     * @return the new, empty events
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public static Events withCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("events capacity must be at least 1, was " + capacity);
        }
        return new Events(capacity);
    }

    /** {@return the maximum number of events one poll returns} */
    public int capacity() {
        return limit;
    }

    /** Limits what a backend may add to {@code limit} events; {@code limit(slotCount())} lifts it. */
    void limit(int limit) {
        this.limit = limit;
    }

    /** {@return the number of slots, whatever the current limit} */
    int slotCount() {
        return slots.length;
    }

    /** {@return the number of events the last poll returned} */
    public int size() {
        return size;
    }

    /** {@return whether the last poll returned no event} */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns event {@code index} of the last poll.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the event (a slot overwritten by the next poll)
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()}
     */
    public Event get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("event index " + index + " out of " + size);
        }
        return slots[index];
    }

    /** Removes all events, as a poll does before it fills them. */
    public void clear() {
        size = 0;
        iteration++;
    }

    /**
     * Returns a reused iterator over the events of the last poll, from the first. It is valid until
     * the next call of {@code iterator()} or {@link #clear()} (which a poll makes).
     *
     * @return the iterator; its {@code hasNext} and {@code next} throw
     *         {@link ConcurrentModificationException} once it is no longer valid
     */
    @Override
    public Iterator<Event> iterator() {
        Cursor cursor = last == first ? second : first;
        last = cursor;
        cursor.iteration = ++iteration;
        cursor.next = 0;
        return cursor;
    }

    /** Adds an event; false when full. Called by backends through {@link Poll#addEvent}. */
    boolean add(Token token, int readiness) {
        if (size >= limit) {
            return false;
        }
        slots[size++].set(token, readiness);
        return true;
    }

    /** Removes the events whose token is {@code token} (the same object), keeping the order. */
    void removeToken(Token token) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Event event = slots[i];
            if (event.token() != token) {
                if (kept != i) {
                    // swap the slots: each Event object stays owned by exactly one slot
                    slots[i] = slots[kept];
                    slots[kept] = event;
                }
                kept++;
            }
        }
        size = kept;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Events[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(slots[i]);
        }
        return text.append(']').toString();
    }

    private final class Cursor implements Iterator<Event> {
        int iteration;
        int next;

        @Override
        public boolean hasNext() {
            checkCurrent();
            return next < size;
        }

        @Override
        public Event next() {
            checkCurrent();
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return slots[next++];
        }

        private void checkCurrent() {
            if (iteration != Events.this.iteration) {
                throw new ConcurrentModificationException("this iterator over Events is stale: the Events was"
                        + " iterated again (a nested loop over the same Events?) or cleared (polled into) since;"
                        + " index with size() and get(i) to pair events");
            }
        }
    }
}
