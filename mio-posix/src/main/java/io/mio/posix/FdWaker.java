package io.mio.posix;

import io.mio.Interest;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A waker over a descriptor the kernel reports readable: an eventfd (epoll) or a pipe (kqueue),
 * registered readable in its poll's table. A wake writes to it; the poll reports the token and
 * {@linkplain #fired drains} it, so the next wake is a new edge. The static {@link #signal} and
 * {@link #drain} are the same two steps for a poll's own wake descriptor.
 */
public final class FdWaker extends Waker {
    private final TableRegistry registry;
    /** The descriptor registered (the eventfd, or the pipe's read end), and the one written. */
    private final int readFd;
    private final int writeFd;
    /** The 8-byte value a wake writes; guarded by this, freed on close. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    /** Whether the descriptors are closed; guarded by this, so a wake never writes to a reused one. */
    private boolean closed;

    /**
     * Registers {@code readFd} readable under {@code token}; closes both descriptors if that fails.
     *
     * @param registry the poll's registry
     * @param token    the token
     * @param readFd   the descriptor to register: an eventfd, or a pipe's read end (non-blocking)
     * @param writeFd  the descriptor a wake writes to: the same eventfd, or the pipe's write end
     * @throws IOException if the registration failed
     */
    public FdWaker(TableRegistry registry, Token token, int readFd, int writeFd) throws IOException {
        super(registry, token);
        this.registry = registry;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.one = arena.allocate(8, 8);
        try {
            registry.add(readFd, this, token, Interest.READABLE);
        } catch (IOException | RuntimeException e) {
            closeDescriptors();
            throw e;
        }
    }

    @Override
    protected synchronized void implWake() throws IOException {
        if (closed) {
            throw new IllegalStateException("waker is closed");
        }
        signal(writeFd, one);
    }

    /**
     * The poll reported this waker: empties its descriptor so the next wake is a new edge. Called
     * under the table's monitor; safe because the waker deregisters under it before it closes.
     *
     * @param buffer a buffer of more than 8 bytes to read into
     */
    public void fired(MemorySegment buffer) {
        drain(readFd, buffer);
    }

    @Override
    protected void implCloseWaker() throws IOException {
        try {
            registry.remove(readFd, this);
        } finally {
            synchronized (this) {
                closed = true;
                closeDescriptors();
            }
        }
    }

    private void closeDescriptors() throws IOException {
        arena.close();
        try {
            Descriptors.close(readFd);
        } finally {
            if (writeFd != readFd) {
                Descriptors.close(writeFd);
            }
        }
    }

    /**
     * Makes a wake descriptor readable: writes the 8-byte value 1 (an eventfd adds it to its
     * counter; a pipe takes 8 bytes, atomically as fewer than {@code PIPE_BUF}). EAGAIN is fine: a
     * saturated counter or a full pipe already holds a wake. Allocates nothing unless it fails.
     *
     * @param fd     the eventfd or the pipe's write end, non-blocking
     * @param buffer 8 bytes the value is written from
     * @throws IOException if the write failed otherwise
     */
    public static void signal(int fd, MemorySegment buffer) throws IOException {
        buffer.set(JAVA_LONG, 0, 1L);
        long r = Descriptors.write(fd, buffer, 8L);
        if (r < 0 && -r != Errno.EAGAIN) {
            throw Errno.exception("write(wake descriptor " + fd + ")", (int) -r);
        }
    }

    /**
     * Empties a wake descriptor: reads until a read comes back short. With a buffer of more than
     * 8 bytes an eventfd (whose read returns its 8-byte counter and resets it) takes one read.
     *
     * @param fd     the eventfd or the pipe's read end, non-blocking
     * @param buffer the buffer to read into
     */
    public static void drain(int fd, MemorySegment buffer) {
        long size = buffer.byteSize();
        while (Descriptors.read(fd, buffer, size) == size) {
            // a full buffer: more may wait (every wake before this poll returned is served by one event)
        }
    }
}
