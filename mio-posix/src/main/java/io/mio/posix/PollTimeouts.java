package io.mio.posix;

/** The timeout conversion the millisecond-based waits (epoll_wait, poll) share. */
public final class PollTimeouts {
    private PollTimeouts() {
    }

    /**
     * Converts a poll timeout to milliseconds, rounding up: a timeout below one millisecond must not
     * become 0, which would turn a caller's short wait into a busy loop (mio does the same in its
     * epoll and poll selectors).
     *
     * @param timeoutNanos nanoseconds; -1 for no limit
     * @return milliseconds: -1, 0 only for 0, else at least 1, at most Integer.MAX_VALUE
     */
    public static int millis(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return timeoutNanos == 0 ? 0 : -1;
        }
        long millis = timeoutNanos / 1_000_000 + (timeoutNanos % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }
}
