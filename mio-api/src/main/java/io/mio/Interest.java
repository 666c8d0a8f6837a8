package io.mio;

/**
 * The readiness a source is registered for: {@link #READABLE}, {@link #WRITABLE}, {@link #PRIORITY}
 * or a combination made with {@link #add}, and the {@link Mode} its events are delivered in
 * ({@link Mode#EDGE} unless {@linkplain #with changed}).
 *
 * {@snippet :
 * registry.register(stream, token, Interest.READABLE);                          // edge-triggered
 * registry.register(stream, token, Interest.READABLE.with(Mode.LEVEL));         // level-triggered
 * registry.register(stream, token, Interest.READABLE.add(Interest.WRITABLE).with(Mode.ONESHOT));
 * }
 *
 * <p>An interest is never empty: {@link #remove} returns {@code null} where mio returns
 * {@code None}. All combinations of kinds and modes are preallocated, so {@code add},
 * {@code remove} and {@code with} allocate nothing, and two equal interests are the same object.
 *
 * <p>{@code PRIORITY} (out-of-band data, {@code EPOLLPRI}) is reported only by backends that declare
 * {@link io.mio.spi.Capability#PRIORITY_EVENTS}; elsewhere registering for it alone is accepted and
 * yields no events.
 */
public final class Interest {
    private static final int R = 1;
    private static final int W = 2;
    private static final int P = 4;
    private static final Mode[] MODES = Mode.values();
    /** Every interest, by mode ordinal and kind bits; [mode][0] stays null (never empty). */
    private static final Interest[][] ALL = new Interest[MODES.length][8];

    static {
        for (Mode mode : MODES) {
            for (int bits = 1; bits < 8; bits++) {
                ALL[mode.ordinal()][bits] = new Interest(bits, mode);
            }
        }
    }

    /** Interest in readable readiness (and read-closed, error). */
    public static final Interest READABLE = ALL[0][R];
    /** Interest in writable readiness (and write-closed, error). */
    public static final Interest WRITABLE = ALL[0][W];
    /** Interest in priority readiness: out-of-band TCP data. */
    public static final Interest PRIORITY = ALL[0][P];

    private final int bits;
    private final Mode mode;

    private Interest(int bits, Mode mode) {
        this.bits = bits;
        this.mode = mode;
    }

    /**
     * Returns the union of this interest and {@code other}, in this interest's mode.
     *
     * @param other the interest to add
     * @return the combined interest
     */
    public Interest add(Interest other) {
        return ALL[mode.ordinal()][bits | other.bits];
    }

    /**
     * Returns this interest without {@code other}, in this interest's mode, or {@code null} if
     * nothing would remain.
     *
     * @param other the interest to remove
     * @return the remaining interest, or {@code null} when it would be empty
     */
    public Interest remove(Interest other) {
        return ALL[mode.ordinal()][bits & ~other.bits];
    }

    /**
     * Returns this interest delivered in {@code mode}.
     *
     * @param mode the delivery mode
     * @return the same kinds of readiness in that mode
     */
    public Interest with(Mode mode) {
        return ALL[java.util.Objects.requireNonNull(mode, "mode").ordinal()][bits];
    }

    /** {@return how this interest's events are delivered; {@link Mode#EDGE} unless set with {@link #with}} */
    public Mode mode() {
        return mode;
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
        if (mode != Mode.EDGE) {
            text.append(" (").append(mode).append(')');
        }
        return text.toString();
    }
}
