package io.mio;

/**
 * Thrown when a {@link Poll}, or the {@link Registry} or {@link Waker} belonging to it, is used after
 * the poll was closed.
 */
public final class ClosedPollException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message "poll is closed". */
    public ClosedPollException() {
        super("poll is closed");
    }
}
