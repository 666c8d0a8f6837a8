package io.mio.kqueue;

import io.mio.Interest;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Errno;
import io.mio.posix.PosixSockets;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A waker on a pipe whose read end is an {@code EVFILT_READ | EV_CLEAR} knote: a wake writes a byte,
 * the poll reports the token and empties the pipe. (Rust mio uses an {@code EVFILT_USER} knote on
 * macOS and FreeBSD; a pipe works on every flavour and has a descriptor for the registration table.)
 */
final class KqueueWaker extends Waker {
    private final KqueuePoll.KqueueRegistry registry;
    private final int[] pipe;
    /** The byte a wake writes; guarded by this, freed on close. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    /** Whether the pipe is closed; guarded by this, so a wake never writes to a reused descriptor. */
    private boolean closed;

    KqueueWaker(KqueuePoll.KqueueRegistry registry, Token token) throws IOException {
        super(registry, token);
        this.registry = registry;
        this.one = arena.allocate(8, 8);
        try {
            this.pipe = PosixSockets.openPipeDescriptors();
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        try {
            registry.add(pipe[0], this, token, Interest.READABLE);
        } catch (IOException | RuntimeException e) {
            Descriptors.closeQuietly(pipe[0]);
            Descriptors.closeQuietly(pipe[1]);
            arena.close();
            throw e;
        }
    }

    @Override
    protected synchronized void implWake() throws IOException {
        if (closed) {
            throw new IllegalStateException("waker is closed");
        }
        long r = Descriptors.write(pipe[1], one, 1);
        if (r < 0 && -r != Errno.EAGAIN) { // a full pipe: a wake is pending already
            throw Errno.exception("write(waker pipe " + pipe[1] + ")", (int) -r);
        }
    }

    /** The poll reported this waker: empty its pipe so the next wake is a new edge. */
    void fired(MemorySegment buffer) {
        drain(pipe[0], buffer);
    }

    /** Reads a non-blocking pipe until it is empty. */
    static void drain(int fd, MemorySegment buffer) {
        while (Descriptors.read(fd, buffer, buffer.byteSize()) > 0) {
            // every wake before this poll returned is served by this one event
        }
    }

    @Override
    protected void implCloseWaker() throws IOException {
        try {
            registry.remove(pipe[0], this);
        } finally {
            synchronized (this) {
                closed = true;
                arena.close();
                try {
                    Descriptors.close(pipe[0]);
                } finally {
                    Descriptors.close(pipe[1]);
                }
            }
        }
    }
}
