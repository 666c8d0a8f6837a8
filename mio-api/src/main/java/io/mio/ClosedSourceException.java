package io.mio;

import java.io.Serial;
import java.nio.channels.ClosedChannelException;

/**
 * Thrown when a closed {@link IoSource} is used: read, written, registered. A
 * {@link ClosedChannelException}, as the JDK's channels throw, with a message naming the source.
 */
public final class ClosedSourceException extends ClosedChannelException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The message, naming the source (kept rather than the source, which need not be serializable). */
    private final String message;

    /**
     * Creates the exception for {@code source}.
     *
     * @param source the closed source, named in the message
     */
    public ClosedSourceException(Object source) {
        this.message = source + " is closed";
    }

    @Override
    public String getMessage() {
        return message;
    }
}
