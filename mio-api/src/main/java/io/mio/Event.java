package io.mio;

import io.mio.spi.Readiness;

/**
 * One readiness event: the {@link Token} of the source and what it is ready for.
 *
 * <p>An {@code Event} is a slot of its {@link Events}: the next {@link Poll#poll} overwrites it, so
 * copy what you need before polling again. Events may be spurious (a readable event followed by a
 * read that would block) and users must tolerate them; readiness is a hint, the operation tells.
 *
 * <p>What each predicate checks on each backend (best effort; no backend reports a flag it did not
 * see):
 * <table class="striped">
 * <caption>Flags per backend</caption>
 * <tr><th>predicate</th><th>epoll</th><th>kqueue</th><th>selector ({@code java.nio})</th><th>iocp emulation</th></tr>
 * <tr><td>{@link #isReadable}</td><td>{@code EPOLLIN}, {@code EPOLLPRI}</td><td>{@code EVFILT_READ}</td>
 *     <td>{@code OP_READ}, {@code OP_ACCEPT}</td><td>completed read or accept</td></tr>
 * <tr><td>{@link #isWritable}</td><td>{@code EPOLLOUT}</td><td>{@code EVFILT_WRITE}</td>
 *     <td>{@code OP_WRITE}, {@code OP_CONNECT}</td><td>completed write or connect</td></tr>
 * <tr><td>{@link #isError}</td><td>{@code EPOLLERR}</td><td>{@code EV_ERROR}, {@code EV_EOF} with fflags</td>
 *     <td>a failed {@code finishConnect}</td><td>a failed operation</td></tr>
 * <tr><td>{@link #isReadClosed}</td><td>{@code EPOLLHUP}, or {@code EPOLLIN|EPOLLRDHUP}</td>
 *     <td>{@code EVFILT_READ} with {@code EV_EOF}</td><td>not reported</td><td>a read of 0 bytes</td></tr>
 * <tr><td>{@link #isWriteClosed}</td><td>{@code EPOLLHUP}, {@code EPOLLOUT|EPOLLERR}</td>
 *     <td>{@code EVFILT_WRITE} with {@code EV_EOF}</td><td>not reported</td><td>a failed write</td></tr>
 * <tr><td>{@link #isPriority}</td><td>{@code EPOLLPRI}</td><td>never</td><td>never</td><td>never</td></tr>
 * </table>
 * A backend declares which of these it can report in {@link io.mio.spi.PollProvider#capabilities()}.
 */
public final class Event {
    private Token token;
    private int readiness;

    Event() {
    }

    void set(Token token, int readiness) {
        this.token = token;
        this.readiness = readiness;
    }

    /** {@return the token the source was registered with} */
    public Token token() {
        return token;
    }

    /** {@return whether the source is readable (or a listener has a connection to accept)} */
    public boolean isReadable() {
        return (readiness & Readiness.READABLE) != 0;
    }

    /** {@return whether the source is writable (or a non-blocking connect finished)} */
    public boolean isWritable() {
        return (readiness & Readiness.WRITABLE) != 0;
    }

    /** {@return whether the source has an error; {@code takeError()} on a socket returns it} */
    public boolean isError() {
        return (readiness & Readiness.ERROR) != 0;
    }

    /** {@return whether the read half is closed (the peer shut down its output)} */
    public boolean isReadClosed() {
        return (readiness & Readiness.READ_CLOSED) != 0;
    }

    /** {@return whether the write half is closed (the peer is gone or shut down its input)} */
    public boolean isWriteClosed() {
        return (readiness & Readiness.WRITE_CLOSED) != 0;
    }

    /** {@return whether priority (out-of-band) data is readable} */
    public boolean isPriority() {
        return (readiness & Readiness.PRIORITY) != 0;
    }

    /**
     * {@return whether this event is an expired {@link Deadline} (its only flag); set on every
     * backend by the shared poll code}
     */
    public boolean isTimer() {
        return (readiness & Readiness.TIMER) != 0;
    }

    @Override
    public String toString() {
        return "Event[token=" + token.value()
                + (isReadable() ? ", readable" : "")
                + (isWritable() ? ", writable" : "")
                + (isError() ? ", error" : "")
                + (isReadClosed() ? ", read-closed" : "")
                + (isWriteClosed() ? ", write-closed" : "")
                + (isPriority() ? ", priority" : "")
                + (isTimer() ? ", timer" : "")
                + "]";
    }
}
