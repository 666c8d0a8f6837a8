package io.mio.posix;

/**
 * A source backed by a file descriptor: what a native backend's registry needs from the sources of
 * this layer ({@code ((FdSource) source).fd()} in {@code implRegister}). Every source that
 * {@link PosixSockets} creates implements it.
 *
 * <p>The registry calls {@link #fd()} under the source's state lock (held by
 * {@link io.mio.Registry}'s register, reregister and deregister and by {@link io.mio.IoSource#close()}),
 * and {@code IoSource.close()} deregisters before it releases the descriptor, so the number a
 * registry sees is never a closed or recycled one.
 */
public interface FdSource {
    /**
     * The source's file descriptor: for a registry's epoll_ctl or kevent, not for I/O (use the
     * source's own methods, which guard the descriptor against a concurrent close).
     *
     * @return the descriptor number
     */
    int fd();

    /**
     * The source's {@link ReadElision}, for a registry that reports every edge (epoll with
     * {@code EPOLLET}, kqueue with {@code EV_CLEAR}, the completion core in edge mode) to drive: call {@link ReadElision#registered(boolean)} after registering and
     * reregistering, {@link ReadElision#deregistered()} after deregistering (and when the poll is
     * closed), and {@link ReadElision#eventDecoded(int)} for each event decoded for it.
     *
     * @return the elision state, or null for sources whose reads are never elided
     */
    default ReadElision readElision() {
        return null;
    }

    /**
     * Links the source's I/O to its registration, so an operation that would block tells it
     * ({@link Registration#wouldBlock}). Called by {@link RegistrationTable} under its monitor.
     *
     * @param registration the new registration, or null when it ended
     */
    default void attach(Registration registration) {
        // a user's descriptor (SourceFd): the user does its I/O, so nothing would tell the registration
    }
}
