package io.mio.tck;

import io.mio.Event;
import io.mio.Token;

/**
 * A copy of an {@link Event}, which is only a slot overwritten by the next poll.
 *
 * @param token the token
 * @param readable {@link Event#isReadable()}
 * @param writable {@link Event#isWritable()}
 * @param error {@link Event#isError()}
 * @param readClosed {@link Event#isReadClosed()}
 * @param writeClosed {@link Event#isWriteClosed()}
 * @param priority {@link Event#isPriority()}
 */
public record Seen(Token token, boolean readable, boolean writable, boolean error, boolean readClosed,
                   boolean writeClosed, boolean priority) {
    /**
     * {@return the copy}
     *
     * @param event the event to copy
     */
    public static Seen of(Event event) {
        return new Seen(event.token(), event.isReadable(), event.isWritable(), event.isError(), event.isReadClosed(),
                event.isWriteClosed(), event.isPriority());
    }
}
