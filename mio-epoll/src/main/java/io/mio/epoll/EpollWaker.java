package io.mio.epoll;

import io.mio.Interest;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.mio.epoll.EPoll.EPOLLET;
import static io.mio.epoll.EPoll.EPOLLIN;

/**
 * A waker on an eventfd registered {@code EPOLLIN|EPOLLET}: a wake adds 1 to the counter, which
 * makes the descriptor readable; the poll reports it and reads the counter back to 0.
 */
final class EpollWaker extends Waker {
    private final EpollPoll.EpollRegistry registry;
    private final int fd;
    /** The buffer and errno of wake; guarded by this, freed on close. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    /** Whether fd is closed; guarded by this, so a wake never writes to a reused descriptor. */
    private boolean released;

    EpollWaker(EpollPoll.EpollRegistry registry, Token token) throws IOException {
        super(registry, token);
        this.registry = registry;
        this.buffer = arena.allocate(8, 8);
        MemorySegment state = Downcalls.newCallState(arena);
        int efd = EPoll.eventfd(state, 0, EPoll.EFD_NONBLOCK | EPoll.EFD_CLOEXEC);
        if (efd < 0) {
            arena.close();
            throw Errno.exception("eventfd", Downcalls.errno(state));
        }
        this.fd = efd;
        try {
            registry.add(efd, this, token, Interest.READABLE, EPOLLIN | EPOLLET);
        } catch (IOException | RuntimeException e) {
            Descriptors.closeQuietly(efd);
            arena.close();
            throw e;
        }
    }

    @Override
    protected synchronized void implWake() throws IOException {
        if (released) {
            throw new IllegalStateException("waker is closed");
        }
        // EAGAIN: the counter is saturated, so a wake is already pending; nothing to do
        EventFdCounter.writeCounter(fd, buffer);
    }

    @Override
    protected void implCloseWaker() throws IOException {
        try {
            registry.remove(fd, this);
        } finally {
            synchronized (this) {
                released = true;
                arena.close();
                Descriptors.close(fd);
            }
        }
    }
}
