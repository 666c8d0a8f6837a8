package io.mio;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The events one {@link Poll#poll} returned, at most {@link #capacity()} of them.
 *
 * <p>All {@link Event} slots are allocated by {@link #withCapacity}, so polling and iterating
 * allocate nothing. For the same reason {@link #iterator()} returns one reused iterator: iterating
 * the same {@code Events} in two nested loops is not supported (index with {@link #get} instead).
 * An {@code Events} is used by one thread at a time.
 */
public final class Events implements Iterable<Event> {
    private final Event[] slots;
    private final Cursor cursor = new Cursor();
    private int size;

    private Events(int capacity) {
        slots = new Event[capacity];
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
    }

    /** Returns the reused iterator over the events of the last poll, reset to the first. */
    @Override
    public Iterator<Event> iterator() {
        cursor.next = 0;
        return cursor;
    }

    /** Adds an event; false when full. Called by backends through {@link Poll#addEvent}. */
    boolean add(Token token, int readiness) {
        if (size == slots.length) {
            return false;
        }
        slots[size++].set(token, readiness);
        return true;
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
        int next;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Event next() {
            if (next >= size) {
                throw new NoSuchElementException();
            }
            return slots[next++];
        }
    }
}
