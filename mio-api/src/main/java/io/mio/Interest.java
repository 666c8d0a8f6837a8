package io.mio;

/**
 * The readiness a source is registered for: {@link #READABLE}, {@link #WRITABLE}, {@link #PRIORITY}
 * or a combination made with {@link #add}.
 *
 * <p>An interest is never empty: {@link #remove} returns {@code null} where mio returns
 * {@code None}. All seven combinations are preallocated, so {@code add} and {@code remove} allocate
 * nothing.
 *
 * <p>{@code PRIORITY} (out-of-band data, {@code EPOLLPRI}) is reported only by backends that declare
 * {@link io.mio.spi.Capability#PRIORITY_EVENTS}; elsewhere registering for it alone is accepted and
 * yields no events.
 */
public final class Interest {
    private static final int R = 1;
    private static final int W = 2;
    private static final int P = 4;
    private static final Interest[] ALL = new Interest[8];

    static {
        for (int bits = 1; bits < ALL.length; bits++) {
            ALL[bits] = new Interest(bits);
        }
    }

    /** Interest in readable readiness (and read-closed, error). */
    public static final Interest READABLE = ALL[R];
    /** Interest in writable readiness (and write-closed, error). */
    public static final Interest WRITABLE = ALL[W];
    /** Interest in priority readiness: out-of-band TCP data. */
    public static final Interest PRIORITY = ALL[P];

    private final int bits;

    private Interest(int bits) {
        this.bits = bits;
    }

    /**
     * Returns the union of this interest and {@code other}.
     *
     * @param other the interest to add
     * @return the combined interest
     */
    public Interest add(Interest other) {
        return ALL[bits | other.bits];
    }

    /**
     * Returns this interest without {@code other}, or {@code null} if nothing would remain.
     *
     * @param other the interest to remove
     * @return the remaining interest, or {@code null} when it would be empty
     */
    public Interest remove(Interest other) {
        return ALL[bits & ~other.bits];
    }

    /** {@return whether this interest includes {@link #READABLE}} */
    public boolean isReadable() {
        return (bits & R) != 0;
    }

    /** {@return whether this interest includes {@link #WRITABLE}} */
    public boolean isWritable() {
        return (bits & W) != 0;
    }

    /** {@return whether this interest includes {@link #PRIORITY}} */
    public boolean isPriority() {
        return (bits & P) != 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (isReadable()) {
            text.append("READABLE");
        }
        if (isWritable()) {
            text.append(text.isEmpty() ? "" : " | ").append("WRITABLE");
        }
        if (isPriority()) {
            text.append(text.isEmpty() ? "" : " | ").append("PRIORITY");
        }
        return text.toString();
    }
}
