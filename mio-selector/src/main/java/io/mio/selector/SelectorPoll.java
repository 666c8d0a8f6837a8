package io.mio.selector;

import io.mio.ClosedPollException;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.IoSource;
import io.mio.Token;
import io.mio.Waker;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The poll loop of the selector backend, over one {@link Selector}: open, poll, register,
 * reregister, deregister, decode, wake and close.
 *
 * <p>Deviations from a native backend, all allowed by the contract: the JDK's selector is
 * level-triggered, so edge-triggered delivery is emulated (see {@link IoState}); it cannot tell
 * read-closed, write-closed or priority readiness apart, so those flags are never reported; an
 * error is reported only for a failed connect (the JDK exposes no {@code SO_ERROR}).
 *
 * <p>Events that do not fit into {@link Events#capacity()} keep their interest armed, so the
 * level-triggered selector reports them again to the next poll: nothing is queued, nothing lost.
 * The exception is input a peek took from a channel: the selector cannot see it, so the source is
 * posted here and reported readable by the next poll.
 */
final class SelectorPoll extends Poll {
    /** Never changes; {@code wakeup()} is safe from any thread. */
    private final Selector selector;
    private final SelectorRegistry registry;
    /** Held around every select: by the poller, and by a thread that flushes cancelled keys. */
    private final ReentrantLock selectLock = new ReentrantLock();
    /** The decoder handed to every select, allocated once (a lambda per call would allocate). */
    private final Consumer<SelectionKey> decoder = this::decode;
    /** For flushing selects: ignoring a key loses nothing, the selector reports it again. */
    private final Consumer<SelectionKey> ignore = key -> { };
    /** The events the running poll fills; poller thread only, under selectLock. */
    private Events filling;
    /** Whether the poller is (about to be) blocked in a select: changes from elsewhere must wake it. */
    private volatile boolean selecting;
    /** Whether a closed channel's key waits for a select to release its descriptor. */
    private volatile boolean flushRequested;
    /** Whether some waker may have a wake to report: the poll must not block. */
    private volatile boolean wakerPending;
    /** Sources holding input the selector cannot see (peeked), to report readable; guarded by itself. */
    private final ArrayDeque<IoState> posted = new ArrayDeque<>();
    /** Whether {@link #posted} may hold a source: the poll must not block. */
    private volatile boolean postedPending;
    /** The open wakers, copied on write (rare) so the poll iterates without allocating. */
    private volatile SelectorWaker[] wakers = new SelectorWaker[0];

    SelectorPoll(SelectorPollProvider provider) throws IOException {
        super(provider);
        selector = Selector.open();
        registry = new SelectorRegistry(provider);
    }

    @Override
    public Registry registry() {
        return registry;
    }

    // ---- poll ----

    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        boolean interrupted = false;
        selectLock.lock();
        try {
            filling = events;
            long start = timeoutNanos > 0 ? System.nanoTime() : 0;
            long remaining = timeoutNanos;
            while (registry.isOpen()) {
                // a pending interrupt makes every select return at once; a poll ignores interrupts
                interrupted |= Thread.interrupted();
                if (remaining == 0 || wakerPending || postedPending) {
                    selector.selectNow(decoder);
                } else {
                    selecting = true;
                    try {
                        if (remaining < 0) {
                            selector.select(decoder);
                        } else {
                            selector.select(decoder, toMillisRoundingUp(remaining));
                        }
                    } finally {
                        selecting = false;
                    }
                }
                if (wakerPending) {
                    collectWakes(events);
                }
                if (postedPending) {
                    collectPosted(events);
                }
                flushIfRequested();
                if (!events.isEmpty() || remaining == 0) {
                    break;
                }
                if (remaining > 0) {
                    // woken for a registration change, or nothing decoded: wait for the time left
                    remaining = timeoutNanos - (System.nanoTime() - start);
                    if (remaining <= 0) {
                        break;
                    }
                }
            }
        } catch (ClosedSelectorException closedMeanwhile) {
            throw new ClosedPollException();
        } finally {
            filling = null;
            selectLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        // a close that found us selecting left its flush to us, maybe after our last check
        if (flushRequested && selectLock.tryLock()) {
            try {
                flushIfRequested();
            } finally {
                selectLock.unlock();
            }
        }
    }

    /** Milliseconds for {@code Selector.select}, rounded up so a sub-millisecond wait never spins. */
    private static long toMillisRoundingUp(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return nanos % 1_000_000 == 0 ? millis : millis + 1;
    }

    // ---- decode ----

    /** Turns one selected key into an event; called by the selector during {@code select}. */
    private void decode(SelectionKey key) {
        Events events = filling;
        if (events.size() == events.capacity()) {
            return; // full: the interest stays armed, so the next poll reports it again
        }
        if (!(key.attachment() instanceof IoState io) || io.poll != this) {
            return; // deregistered while this select ran: no event after deregister returned
        }
        int ready = key.readyOps() & io.ops;
        if (ready == 0) {
            return;
        }
        try {
            key.interestOpsAnd(~ready); // edge-triggered: quiet until an operation would block
        } catch (CancelledKeyException closedMeanwhile) {
            return;
        }
        int readiness = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            readiness |= Readiness.READABLE;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            readiness |= Readiness.WRITABLE;
        }
        if ((ready & SelectionKey.OP_CONNECT) != 0 || io.connecting) {
            readiness |= io.completeConnect((ready & SelectionKey.OP_CONNECT) != 0);
        }
        if (readiness != 0) {
            addEvent(events, io.token, readiness);
        }
    }

    /** Reports the wakers woken since the last poll; what does not fit stays for the next. */
    private void collectWakes(Events events) {
        wakerPending = false; // cleared first: a wake after this sets it again
        for (SelectorWaker waker : wakers) {
            if (events.size() == events.capacity()) {
                wakerPending = true;
                return;
            }
            if (waker.pending.getAndSet(false)) {
                addEvent(events, waker.token(), Readiness.READABLE);
            }
        }
    }

    /**
     * Reports {@code io} readable at the next poll: it holds input (peeked) that the selector
     * cannot see. Any thread; the poll reports it once, if it still holds input and wants readable.
     */
    void postReadable(IoState io) {
        synchronized (posted) {
            if (!posted.contains(io)) { // a handful at most: peeks are rare
                posted.add(io);
            }
        }
        postedPending = true;
        wakeIfSelecting();
    }

    /** Reports the posted sources; what does not fit stays for the next poll. */
    private void collectPosted(Events events) {
        postedPending = false; // cleared first: a post after this sets it again
        synchronized (posted) {
            while (!posted.isEmpty()) {
                if (events.size() == events.capacity()) {
                    postedPending = true;
                    return;
                }
                IoState io = posted.poll();
                Interest wanted = io.interests;
                if (io.poll == this && wanted != null && wanted.isReadable() && io.holdsInput()) {
                    addEvent(events, io.token, Readiness.READABLE);
                }
            }
        }
    }

    // ---- wake, flush, close ----

    /** @return whether the poller is in (or entering) a blocking select; for tests */
    boolean isSelecting() {
        return selecting;
    }

    /** Wakes a select that is blocked, so it sees an interest or registration changed elsewhere. */
    void wakeIfSelecting() {
        if (selecting) {
            selector.wakeup();
        }
    }

    /**
     * Makes a select run soon, so the selector deregisters cancelled keys and the JDK really closes
     * their channels' descriptors (JDK-8198692). Runs one now if no poll holds the select lock;
     * otherwise the poller's select flushes them as it returns, and the poller checks the flag.
     */
    void requestFlush() throws IOException {
        flushRequested = true;
        if (selectLock.isHeldByCurrentThread()) {
            return; // the poller itself, while decoding: it flushes after this select
        }
        if (selectLock.tryLock()) {
            try {
                flushIfRequested();
            } finally {
                selectLock.unlock();
            }
        } else {
            selector.wakeup();
        }
    }

    /**
     * Cancels {@code key} and, unless another thread is selecting, has the selector release it at
     * once, so its channel closes at once instead of at a later select (JDK-8198692).
     */
    void releaseNow(SelectionKey key) throws IOException {
        key.cancel();
        if (!selectLock.isHeldByCurrentThread() && selectLock.tryLock()) {
            try {
                if (selector.isOpen()) {
                    selector.selectNow(ignore); // ignoring a key loses nothing: it is reported again
                }
            } catch (ClosedSelectorException closedMeanwhile) {
                // the poll closed: its keys are released
            } finally {
                selectLock.unlock();
            }
        }
    }

    private void flushIfRequested() throws IOException {
        assert selectLock.isHeldByCurrentThread();
        if (flushRequested) {
            flushRequested = false;
            if (selector.isOpen()) {
                selector.selectNow(ignore);
            }
        }
    }

    @Override
    protected void implWakeup() {
        selector.wakeup();
    }

    @Override
    protected void implClose() throws IOException {
        wakers = new SelectorWaker[0];
        selectLock.lock();
        try {
            selector.close(); // deregisters every key; registered channels closed meanwhile are released
        } finally {
            selectLock.unlock();
        }
    }

    // ---- register, reregister, deregister ----

    private final class SelectorRegistry extends Registry {
        SelectorRegistry(SelectorPollProvider provider) {
            super(provider);
        }

        @Override
        protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
            IoState io = ((SelectorSource) source).io();
            synchronized (io) {
                SelectionKey key = io.key;
                if (key != null && io.keyPoll != SelectorPoll.this) {
                    // keep one key per channel, so that a close is released by one poll's flush
                    key.cancel();
                    io.keyPoll.requestFlush();
                    key = null;
                }
                io.token = token;
                io.interests = interests;
                io.ops = io.opsFor(interests);
                try {
                    if (key != null && key.isValid()) {
                        key.interestOps(io.ops);
                    } else {
                        io.key = registerChannel(io);
                        io.keyPoll = SelectorPoll.this;
                    }
                } catch (CancelledKeyException | ClosedSelectorException e) {
                    throw closedMeanwhile(source, e);
                }
                io.poll = SelectorPoll.this;
            }
            postIfHolding(io, interests);
            wakeIfSelecting();
        }

        /** A (re)registered source that holds peeked input is readable, though the selector cannot see it. */
        private void postIfHolding(IoState io, Interest interests) {
            if (interests.isReadable() && io.holdsInput()) {
                postReadable(io);
            }
        }

        /** The poll or the channel was closed by another thread while registering. */
        private IOException closedMeanwhile(IoSource source, RuntimeException e) throws ClosedPollException {
            ensureOpen();
            return new IOException("cannot register " + source + ": its channel is closed"
                    + " (a failed connect closes it: see takeError)", e);
        }

        /** Registers the channel; waits (bounded) for a flush if a cancelled key is in the way. */
        private SelectionKey registerChannel(IoState io) throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try {
                    return io.channel.register(selector, io.ops, io);
                } catch (CancelledKeyException cancelledNotYetFlushed) {
                    // moved back from another poll before this one's select released the old key
                    requestFlush();
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("cannot register " + io.channel
                                + ": its previous key with this poll was not released in time", cancelledNotYetFlushed);
                    }
                    LockSupport.parkNanos(100_000);
                }
            }
        }

        @Override
        protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
            IoState io = ((SelectorSource) source).io();
            synchronized (io) {
                io.token = token;
                io.interests = interests;
                io.ops = io.opsFor(interests);
                try {
                    io.key.interestOps(io.ops); // all interests armed again
                } catch (CancelledKeyException e) {
                    throw closedMeanwhile(source, e);
                }
            }
            postIfHolding(io, interests);
            wakeIfSelecting();
        }

        @Override
        protected void implDeregister(IoSource source) {
            IoState io = ((SelectorSource) source).io();
            synchronized (io) {
                io.poll = null; // the decode guard: from now on no event for it
                io.interests = null;
                SelectionKey key = io.key;
                try {
                    if (key != null && key.isValid()) {
                        key.interestOps(0); // kept, not cancelled: see IoState.key
                    }
                } catch (CancelledKeyException closedMeanwhile) {
                    // the channel was closed: its key is gone already
                }
            }
        }

        @Override
        protected Waker implNewWaker(Token token) {
            SelectorWaker waker = new SelectorWaker(this, token);
            synchronized (this) {
                SelectorWaker[] grown = Arrays.copyOf(wakers, wakers.length + 1);
                grown[grown.length - 1] = waker;
                wakers = grown;
            }
            return waker;
        }

        private synchronized void removeWaker(SelectorWaker waker) {
            SelectorWaker[] current = wakers;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == waker) {
                    SelectorWaker[] shrunk = new SelectorWaker[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, shrunk.length - i);
                    wakers = shrunk;
                    return;
                }
            }
        }
    }

    // ---- waker ----

    /** A pending flag plus {@code Selector.wakeup()}; the poll reports the flag as a readable event. */
    private final class SelectorWaker extends Waker {
        final AtomicBoolean pending = new AtomicBoolean();

        SelectorWaker(SelectorRegistry registry, Token token) {
            super(registry, token);
        }

        @Override
        protected void implWake() {
            if (pending.compareAndSet(false, true)) { // already pending: that wake is still coming
                wakerPending = true;
                selector.wakeup();
            }
        }

        @Override
        protected void implCloseWaker() {
            registry.removeWaker(this);
        }
    }
}
