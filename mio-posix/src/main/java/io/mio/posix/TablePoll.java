package io.mio.posix;

import io.mio.Events;
import io.mio.Poll;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The poll of a backend whose registry keeps its sources in a {@link RegistrationTable} (epoll,
 * poll(2), kqueue): the poll loop they share, written once, around two hooks of the backend:
 * {@link #kernelWait} (one call of its kernel's wait) and {@link #decode} (its events, read into
 * {@code Events}).
 *
 * <p>The loop: wait for the poll's timeout (none while posted readiness waits to be reported); after
 * a signal interrupted the wait, wait again for the time that remains (epoll_wait(2), poll(2),
 * kevent(2): EINTR); decode under the table's monitor, then report readiness posted from other
 * threads; if that gave nothing (a registry change woke the wait, or every event was stale) and the
 * poll is open, wait again for the time that remains. Allocates nothing.
 *
 * @param <R> the backend's registry
 */
public abstract class TablePoll<R extends TableRegistry> extends Poll {
    /**
     * Opens a backend's kernel objects for a new poll and makes the registry that holds them.
     *
     * @param <R> the backend's registry
     */
    @FunctionalInterface
    protected interface Opener<R extends TableRegistry> {
        /**
         * Opens the kernel objects of a new poll; closes what it opened if it fails partway.
         *
         * @param provider the backend
         * @param arena    the poll's arena, for the registry's buffers
         * @param state    a capture segment for the errno of the opening calls
         * @return the registry, which holds the kernel objects' descriptors
         * @throws IOException if the kernel refused
         */
        R open(PollProvider provider, Arena arena, MemorySegment state) throws IOException;
    }

    /** The poll's capture segments and buffers; a constructor that fails closes it, else {@link #closeAll}. */
    protected final Arena arena;
    /** errno of the poller's wait ({@code epoll_wait}, {@code poll}, {@code kevent}); polling thread only. */
    protected final MemorySegment pollState;
    /** Where the poller drains wake descriptors ({@link FdWaker#drain}, one read for an eventfd); polling thread only. */
    protected final MemorySegment drain;
    /** The registry, which holds the kernel objects' descriptors and the table. */
    protected final R registry;
    /** The name of the kernel's wait, for its exception. */
    private final String waitCall;
    /** The timeout of the poll in progress and when it ends ({@link System#nanoTime()}); polling thread only. */
    private long timeoutNanos;
    private long deadline;

    /**
     * Creates an open poll of {@code provider}.
     *
     * @param provider the backend
     * @param waitCall the name of the kernel's wait, for its exception ({@code "epoll_wait"})
     * @param opener   opens the kernel objects and makes the registry
     * @throws IOException if the kernel refused
     */
    protected TablePoll(PollProvider provider, String waitCall, Opener<R> opener) throws IOException {
        super(provider);
        this.waitCall = waitCall;
        arena = Arena.ofShared();
        try {
            pollState = Downcalls.newCallState(arena);
            drain = arena.allocate(64, 8);
            registry = opener.open(provider, arena, pollState);
        } catch (IOException | RuntimeException | Error e) {
            arena.close(); // partly opened: the opener closed its descriptors, as the JDK's EPollSelectorImpl does
            throw e;
        }
    }

    /**
     * The registry, whose table keeps this poll's registrations.
     *
     * @return the registry
     */
    @Override
    public final R registry() {
        return registry;
    }

    @Override
    protected final void implPoll(Events events, long timeoutNanos) throws IOException {
        int capacity = events.capacity();
        RegistrationTable table = registry.table;
        long wait = startWait(timeoutNanos);
        do {
            int n;
            while ((n = kernelWait(capacity, wait)) < 0) {
                wait = waitAgain(Downcalls.errno(pollState));
            }
            synchronized (table) {
                decode(events, n);
                reportPosted(table, events); // if full, the rest stay queued and the next poll does not block
            }
        } while (events.isEmpty() && isOpen() && (wait = remaining()) != 0);
    }

    /**
     * One call of the kernel's wait, for at most {@code nanos}; polling thread only, without the
     * table's monitor (so other threads register meanwhile).
     *
     * @param capacity the most events the poll takes
     * @param nanos    the longest wait (0: do not block; negative: without limit)
     * @return the number of the kernel's entries to decode, or -1 with errno in {@link #pollState}
     */
    protected abstract int kernelWait(int capacity, long nanos);

    /**
     * Adds the events of the last {@link #kernelWait} to {@code events}, dropping stale ones
     * ({@link RegistrationTable#current(long)}); the table's monitor is held. Readiness posted from
     * other threads is added after it.
     *
     * @param events the events being filled
     * @param n      what the wait returned (0: it timed out)
     */
    protected abstract void decode(Events events, int n);

    /** Wakes a blocked poll through the registry's wake; only close calls this, before implClose. */
    @Override
    protected final void implWakeup() throws IOException {
        synchronized (registry.table) {
            registry.wake();
        }
    }

    /**
     * Starts the kernel wait of a poll: none while posted readiness waits to be reported (it did not
     * fit in the last poll's events), else the timeout, whose end {@link #remaining} keeps to.
     */
    private long startWait(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        // posts made since the last decode woke the kernel's wait themselves: only what that decode
        // left queued (the events were full) needs this, which saves a second monitor per poll
        return registry.table.postedLeft ? 0 : timeoutNanos;
    }

    /** After the kernel's wait failed: throws unless a signal interrupted it; then the time that remains. */
    private long waitAgain(int errno) throws IOException {
        if (errno != Errno.EINTR) {
            throw Errno.exception(waitCall, errno);
        }
        return remaining();
    }

    /** The time that remains of the poll's timeout: 0 once it ran out (a zero timeout at once), negative without limit. */
    private long remaining() {
        return timeoutNanos > 0 ? Math.max(0, deadline - System.nanoTime()) : timeoutNanos;
    }

    /**
     * Adds the readiness posted to {@code table}'s registrations ({@link Registration#post}) after
     * the kernel's events, oldest first, each registration once with what was posted to it since it
     * was last reported. What does not fit stays queued, and the table's {@code postedLeft} tells
     * the next poll not to block. Allocates nothing.
     */
    private static void reportPosted(RegistrationTable table, Events events) {
        assert Thread.holdsLock(table);
        for (Registration r; (r = table.firstPosted()) != null; table.removeFirstPosted()) {
            int posted = table.postedReadiness(r);
            if (posted != 0 && !addEvent(events, r.token(), posted)) {
                table.postedLeft = true; // full: this one and the rest stay queued
                return;
            }
        }
        table.postedLeft = false;
    }

    /**
     * The body of {@code implClose}, after any poll returned: releases the table (then no registry
     * call touches the descriptors or the arena: they check under its monitor), and closes the
     * descriptors and then the arena, each even if one before failed (the first failure is thrown).
     *
     * @param array the poller's native array (freed at once: no poll runs)
     * @param fds the poll's descriptors: its kernel object and wake descriptors (-1: none)
     * @throws IOException if a close failed
     */
    protected final void closeAll(NativeArray array, int... fds) throws IOException {
        registry.table.release();
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
