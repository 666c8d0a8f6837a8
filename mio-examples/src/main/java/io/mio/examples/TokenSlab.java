package io.mio.examples;

import java.util.Arrays;

/**
 * A slab: a fixed table of entries addressed by small integer keys, reused as entries are removed,
 * as mio's examples use the {@code slab} crate to map tokens to connections. Insert and remove
 * allocate nothing.
 *
 * @param <T> the entry type
 */
public final class TokenSlab<T> {
    private final Object[] entries;
    private final int[] free;
    private int freeCount;
    private int size;

    /**
     * Creates a slab with room for {@code capacity} entries.
     *
     * @param capacity the most entries it holds at once
     */
    public TokenSlab(int capacity) {
        entries = new Object[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /**
     * Stores {@code entry} under a free key.
     *
     * @param entry the entry
     * @return its key, or -1 if the slab is full
     */
    public int insert(T entry) {
        if (freeCount == 0) {
            return -1;
        }
        int key = free[--freeCount];
        entries[key] = entry;
        size++;
        return key;
    }

    /**
     * Returns the entry under {@code key}.
     *
     * @param key a key
     * @return the entry, or {@code null} if the key is free or out of range
     */
    @SuppressWarnings("unchecked")
    public T get(long key) {
        return key >= 0 && key < entries.length ? (T) entries[(int) key] : null;
    }

    /**
     * Removes and returns the entry under {@code key}, freeing the key.
     *
     * @param key a key
     * @return the entry, or {@code null} if there was none
     */
    public T remove(long key) {
        T entry = get(key);
        if (entry != null) {
            entries[(int) key] = null;
            free[freeCount++] = (int) key;
            size--;
        }
        return entry;
    }

    /** {@return the number of entries} */
    public int size() {
        return size;
    }

    /** Forgets every entry. */
    public void clear() {
        Arrays.fill(entries, null);
        for (int i = 0; i < entries.length; i++) {
            free[i] = entries.length - 1 - i;
        }
        freeCount = entries.length;
        size = 0;
    }
}
