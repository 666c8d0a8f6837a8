package io.mio.unix;

import io.mio.IoSource;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.util.Objects;

/**
 * A file descriptor the user owns, made registrable (mio's {@code SourceFd}): a timerfd, a signalfd,
 * a device. The descriptor must be non-blocking for edge-triggered use. Closing the source
 * deregisters it but does not close the descriptor: it stays the user's.
 */
public abstract class SourceFd extends IoSource {
    private final int fd;

    /**
     * For backends.
     *
     * @param provider the backend
     * @param fd the descriptor
     */
    protected SourceFd(PollProvider provider, int fd) {
        super(provider);
        this.fd = fd;
    }

    /**
     * Wraps {@code fd} for {@code provider}'s backend.
     *
     * @param fd an open descriptor; it stays the caller's
     * @param provider the backend
     * @return the source
     * @throws IllegalArgumentException if {@code fd} is negative
     * @throws UnsupportedOperationException if the backend lacks
     *                                       {@link io.mio.spi.Capability#RAW_FD_SOURCES}
     * @throws IOException if that fails
     */
    public static SourceFd of(int fd, PollProvider provider) throws IOException {
        if (fd < 0) {
            throw new IllegalArgumentException("file descriptor must not be negative, was " + fd);
        }
        return Objects.requireNonNull(provider, "provider").sourceFd(fd);
    }

    /** {@return the descriptor} */
    public final int fd() {
        return fd;
    }
}
