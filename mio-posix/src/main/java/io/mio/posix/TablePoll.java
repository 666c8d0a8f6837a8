package io.mio.posix;

import io.mio.Events;
import io.mio.Poll;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The poll of a backend whose registry keeps its sources in a {@link RegistrationTable} (epoll,
 * poll(2), kqueue): what their poll loops share, written once.
 */
public abstract class TablePoll extends Poll {
    /** The poll's capture segments and buffers; a constructor that fails closes it, else {@link #closeAll}. */
    protected final Arena arena;
    /** errno of the poller's wait ({@code epoll_wait}, {@code poll}, {@code kevent}); polling thread only. */
    protected final MemorySegment pollState;
    /** Where the poller drains wake descriptors ({@link FdWaker#drain}, one read for an eventfd); polling thread only. */
    protected final MemorySegment drain;
    /** The timeout of the poll in progress and when it ends ({@link System#nanoTime()}); polling thread only. */
    private long timeoutNanos;
    private long deadline;

    /**
     * Creates an open poll of {@code provider}.
     *
     * @param provider the backend
     */
    protected TablePoll(PollProvider provider) {
        super(provider);
        arena = Arena.ofShared();
        pollState = Downcalls.newCallState(arena);
        drain = arena.allocate(64, 8);
    }

    /**
     * The registry, whose table keeps this poll's registrations.
     *
     * @return the registry
     */
    @Override
    public abstract TableRegistry registry();

    /** Wakes a blocked poll through the registry's wake; only close calls this, before implClose. */
    @Override
    protected void implWakeup() throws IOException {
        TableRegistry registry = registry();
        synchronized (registry.table) {
            registry.wake();
        }
    }

    /**
     * Starts the kernel wait of a poll: none while posted readiness waits to be reported (it did not
     * fit in the last poll's events), else the timeout, whose end {@link #waitAgain} keeps to.
     * Polling thread only.
     *
     * @param timeoutNanos the poll's timeout (negative: without limit)
     * @return the nanoseconds to wait
     */
    protected final long startWait(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        // posts made since the last decode woke the kernel's wait themselves: only what that decode
        // left queued (the events were full) needs this, which saves a second monitor per poll
        return registry().table.postedLeft ? 0 : timeoutNanos;
    }

    /**
     * After the kernel's wait failed: throws unless a signal interrupted it; then the time that
     * remains of the poll's timeout, to wait again (0 once it ran out: a last look that does not
     * block). Polling thread only.
     *
     * @param errno the wait's errno
     * @param call  the wait's name, for the exception
     * @return the nanoseconds to wait again
     * @throws IOException naming the call and errno, unless it is EINTR
     */
    protected final long waitAgain(int errno, String call) throws IOException {
        if (errno != Errno.EINTR) {
            throw Errno.exception(call, errno);
        }
        // interrupted by a signal: wait again for the time that remains (epoll_wait(2), kevent(2))
        return timeoutNanos > 0 ? Math.max(0, deadline - System.nanoTime()) : timeoutNanos;
    }

    /**
     * Adds the readiness posted to {@code table}'s registrations ({@link Registration#post}) after
     * the kernel's events, oldest first, each registration once with what was posted to it since it
     * was last reported. What does not fit stays queued, and {@link RegistrationTable#hasPosted()}
     * (or this method's result) tells the next poll not to block. Allocates nothing.
     *
     * @param table the registry's table; its monitor held
     * @param events the events being filled
     * @return whether readiness stayed queued (the events were full)
     */
    protected static boolean reportPosted(RegistrationTable table, Events events) {
        assert Thread.holdsLock(table);
        for (Registration r; (r = table.firstPosted()) != null; table.removeFirstPosted()) {
            int posted = table.postedReadiness(r);
            if (posted != 0 && !addEvent(events, r.token(), posted)) {
                return table.postedLeft = true; // full: this one and the rest stay queued
            }
        }
        return table.postedLeft = false;
    }

    /**
     * The body of {@code implClose}, after any poll returned: releases the table (then no registry
     * call touches the descriptors or the arena: they check under its monitor), and closes the
     * descriptors and then the arena, each even if one before failed (the first failure is thrown).
     *
     * @param table the registry's table
     * @param array the poller's native array (freed at once: no poll runs)
     * @param fds the poll's descriptors: its kernel object and wake descriptors (-1: none)
     * @throws IOException if a close failed
     */
    protected final void closeAll(RegistrationTable table, NativeArray array, int... fds) throws IOException {
        table.release();
        array.close();
        close(fds, 0);
    }

    private void close(int[] fds, int i) throws IOException {
        if (i == fds.length) {
            arena.close();
            return;
        }
        try {
            if (fds[i] >= 0) {
                Descriptors.close(fds[i]);
            }
        } finally {
            close(fds, i + 1);
        }
    }
}
