package io.mio;

/**
 * How a registration delivers readiness (mio 0.6's and the single-threaded seed's {@code PollOpt}),
 * carried by its {@link Interest}: {@code Interest.READABLE.with(Mode.LEVEL)}.
 *
 * <p>The mode travels with the interest rather than as a further argument of
 * {@link Registry#register}, so a user's {@link Source} that delegates to the sources it holds
 * passes it on unchanged, with no change to its methods (as the kernel's own masks carry
 * {@code EPOLLET} and {@code EPOLLONESHOT} beside {@code EPOLLIN}).
 *
 * <p>A backend that lists {@link io.mio.spi.Capability#REGISTRATION_MODES} supports all three;
 * elsewhere registering with {@link #LEVEL} or {@link #ONESHOT} throws
 * {@link UnsupportedOperationException}.
 */
public enum Mode {
    /**
     * The default: after an event for an interest, that interest is not reported again until an
     * operation on the source returned would-block (a read of 0, an {@code accept} of {@code null})
     * or the source was reregistered. Drain a source until it would block.
     */
    EDGE,
    /**
     * The event repeats on every poll while the source is ready for an interest, whether or not
     * the user read; a poll returns at once while any level registration is ready. Useful to read
     * a little per poll (fairness) without tracking what is left to drain.
     */
    LEVEL,
    /**
     * One event, then nothing for the source (whatever arrives, whatever would-block) until it is
     * reregistered, which arms it again for one more event, with the interests given then. Useful
     * to hand a source to one worker of many at a time.
     */
    ONESHOT
}
