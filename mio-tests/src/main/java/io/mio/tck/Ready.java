package io.mio.tck;

import io.mio.Event;

/** One readiness flag of an {@link Event}, for {@link ExpectEvent}. */
public enum Ready {
    /** {@link Event#isReadable()} */
    READABLE,
    /** {@link Event#isWritable()} */
    WRITABLE,
    /** {@link Event#isError()} */
    ERROR,
    /** {@link Event#isReadClosed()} */
    READ_CLOSED,
    /** {@link Event#isWriteClosed()} */
    WRITE_CLOSED,
    /** {@link Event#isPriority()} */
    PRIORITY,
    /** {@link Event#isTimer()} */
    TIMER;

    /**
     * {@return whether the event has this flag}
     *
     * @param event an event
     */
    public boolean in(Event event) {
        return switch (this) {
            case READABLE -> event.isReadable();
            case WRITABLE -> event.isWritable();
            case ERROR -> event.isError();
            case READ_CLOSED -> event.isReadClosed();
            case WRITE_CLOSED -> event.isWriteClosed();
            case PRIORITY -> event.isPriority();
            case TIMER -> event.isTimer();
        };
    }
}
