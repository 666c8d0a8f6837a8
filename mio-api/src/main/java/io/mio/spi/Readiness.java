package io.mio.spi;

/**
 * The readiness bits a backend reports for an event through
 * {@link io.mio.Poll#addEvent(io.mio.Events, io.mio.Token, int)}. Combine them with {@code |}.
 */
public final class Readiness {
    /** Data can be read, a connection accepted, or the peer closed (see {@link #READ_CLOSED}). */
    public static final int READABLE = 1;
    /** Data can be written, or a non-blocking connect finished (successfully or not). */
    public static final int WRITABLE = 1 << 1;
    /** The source has a pending error ({@code EPOLLERR}, a failed connect). */
    public static final int ERROR = 1 << 2;
    /** The read half is closed: the peer shut down its output, or the socket was shut for reading. */
    public static final int READ_CLOSED = 1 << 3;
    /** The write half is closed: the peer is gone, or the socket was shut down for writing. */
    public static final int WRITE_CLOSED = 1 << 4;
    /** Priority (out-of-band) data is readable. */
    public static final int PRIORITY = 1 << 5;
    /** A {@link io.mio.Deadline} expired; set by the shared poll code, never by a backend. */
    public static final int TIMER = 1 << 6;

    private Readiness() {
    }
}
