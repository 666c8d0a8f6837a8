package io.mio.posix;

import io.mio.spi.Readiness;

/**
 * The readiness bits of poll(2) and their meaning for mio, shared by the descriptor backends. On
 * Linux epoll's bits have the same values ({@code EPOLLIN == POLLIN}, ... {@code EPOLLRDHUP ==
 * POLLRDHUP}, see {@code <sys/epoll.h>}), so the epoll and poll decoders are this one function.
 */
public final class PollBits {
    /** Data to read. */
    public static final int POLLIN = 0x001;
    /** Urgent (priority) data to read. */
    public static final int POLLPRI = 0x002;
    /** Writing will not block. */
    public static final int POLLOUT = 0x004;
    /** An error (always reported). */
    public static final int POLLERR = 0x008;
    /** Hang-up (always reported). */
    public static final int POLLHUP = 0x010;
    /** Not an open descriptor (always reported by poll). */
    public static final int POLLNVAL = 0x020;
    /**
     * Linux: the peer shut down its output (stream sockets). 0 elsewhere: macOS and the BSDs have
     * no such bit, and FreeBSD's 0x2000 is {@code POLLINIGNEOF}, which must not be asked for.
     */
    public static final int POLLRDHUP = Os.LINUX ? 0x2000 : 0;

    private PollBits() {
    }

    /**
     * The bits to ask for the {@link Readiness} kinds a one-shot or level-triggered poll arms
     * (poll(2), io_uring's poll requests): read-closed comes with readable.
     *
     * @param readiness READABLE, WRITABLE and PRIORITY bits
     * @return the poll bits
     */
    public static int forReadiness(int readiness) {
        return ((readiness & Readiness.READABLE) != 0 ? POLLIN | POLLRDHUP : 0)
                | ((readiness & Readiness.WRITABLE) != 0 ? POLLOUT : 0)
                | ((readiness & Readiness.PRIORITY) != 0 ? POLLPRI : 0);
    }

    /**
     * Maps reported bits to {@link Readiness} bits, as mio's epoll and poll selectors do.
     *
     * @param events the reported bits
     * @return the readiness
     */
    public static int toReadiness(int events) {
        int readiness = 0;
        if ((events & (POLLIN | POLLPRI)) != 0) {
            readiness |= Readiness.READABLE;
        }
        if ((events & POLLOUT) != 0) {
            readiness |= Readiness.WRITABLE;
        }
        if ((events & POLLERR) != 0) {
            readiness |= Readiness.ERROR;
        }
        // both halves closed, or FIN received / shutdown(SHUT_RD)
        if ((events & POLLHUP) != 0 || ((events & POLLIN) != 0 && (events & POLLRDHUP) != 0)) {
            readiness |= Readiness.READ_CLOSED;
        }
        // both halves closed, a pipe's read end closed (OUT|ERR), or only ERR
        if ((events & POLLHUP) != 0 || ((events & POLLOUT) != 0 && (events & POLLERR) != 0)
                || events == POLLERR) {
            readiness |= Readiness.WRITE_CLOSED;
        }
        if ((events & POLLPRI) != 0) {
            readiness |= Readiness.PRIORITY;
        }
        return readiness;
    }
}
