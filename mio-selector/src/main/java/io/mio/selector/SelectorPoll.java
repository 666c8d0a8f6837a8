package io.mio.selector;

import io.mio.ClosedPollException;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.Mode;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The poll loop of the selector backend, over one {@link Selector}: open, poll, decode, wake and
 * close. Registering is {@link SelectorRegistry}'s, wakers are {@link SelectorWaker}s, and the
 * selects that release cancelled keys are {@link SelectFlush}'s.
 *
 * <p>Deviations from a native backend, all allowed by the contract: the JDK's selector is
 * level-triggered, so edge-triggered delivery and the oneshot mode are emulated (see
 * {@link IoState}); it cannot tell read-closed, write-closed or priority readiness apart, so those
 * flags are never reported; an error is reported only for a failed connect (the JDK exposes no
 * {@code SO_ERROR}).
 *
 * <p>Events that do not fit into {@link Events#capacity()} keep their interest armed, so the
 * level-triggered selector reports them again to the next poll: nothing is queued, nothing lost.
 * Two exceptions are posted here for the next poll: input a peek took from a channel, which the
 * selector cannot see, and what a flushing select (one that releases a closed channel's key,
 * {@link SelectFlush}) saw ready: it takes those operations out of the interest set as a poll
 * would, so each flush costs the keys that became ready since the last one, not every ready key.
 */
final class SelectorPoll extends Poll {
    /** Never changes; {@code wakeup()} is safe from any thread. */
    final Selector selector;
    private final SelectorRegistry registry;
    /** The select lock, and the selects that release cancelled keys (JDK-8198692). */
    private final SelectFlush flush;
    /** The decoder handed to every select, allocated once (a lambda per call would allocate). */
    private final Consumer<SelectionKey> decoder = this::decode;
    /** The events the running poll fills; poller thread only, under selectLock. */
    private Events filling;
    /** Whether the poller is (about to be) blocked in a select: changes from elsewhere must wake it. */
    private volatile boolean selecting;
    /** Whether some waker may have a wake to report: the poll must not block. */
    private volatile boolean wakerPending;
    /** Sources holding input the selector cannot see (peeked), to report readable; guarded by itself. */
    private final ArrayDeque<IoState> posted = new ArrayDeque<>();
    /** Whether {@link #posted} may hold a source: the poll must not block. */
    private volatile boolean postedPending;

    SelectorPoll(SelectorPollProvider provider) throws IOException {
        super(provider);
        selector = Selector.open();
        flush = new SelectFlush(selector, this::owe);
        registry = new SelectorRegistry(provider, this);
    }

    @Override
    public Registry registry() {
        return registry;
    }

    // ---- poll ----

    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        boolean interrupted = false;
        ReentrantLock selectLock = flush.selectLock;
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
                flush.ifRequested();
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
        flush.afterPoll();
    }

    /** Milliseconds for {@code Selector.select}, rounded up so a sub-millisecond wait never spins. */
    private static long toMillisRoundingUp(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return nanos % 1_000_000 == 0 ? millis : millis + 1;
    }

    // ---- decode ----

    /** Turns one selected key into an event; called by the selector during a poll's {@code select}. */
    private void decode(SelectionKey key) {
        Events events = filling;
        if (events.size() == events.capacity()) {
            return; // full: the interest stays armed, so the next poll reports it again
        }
        int readiness = key.attachment() instanceof IoState io ? io.take(key, this) : 0;
        if (readiness != 0) {
            addEvent(events, ((IoState) key.attachment()).token, readiness);
        }
    }

    /**
     * Keeps the readiness of a key that a flushing select (one run only to release cancelled keys)
     * reported, for the next poll. Its operations leave the interest set, whatever the mode, until
     * that poll reports them: a flush per close that left ready keys armed would see all of them
     * again, and closing n sources while many are ready would cost n times their number (a
     * level registration is armed again by {@link #collectPosted}).
     */
    private void owe(SelectionKey key) {
        int readiness = key.attachment() instanceof IoState io ? io.take(key, this) : 0;
        if (readiness == 0) {
            return;
        }
        IoState io = (IoState) key.attachment();
        if (io.interests instanceof Interest wanted && wanted.mode() == Mode.LEVEL
                && !io.drop(key, key.readyOps())) {
            return; // closed meanwhile
        }
        io.owed |= (byte) readiness;
        post(io);
    }

    /** Reports the wakers woken since the last poll; what does not fit stays for the next. */
    private void collectWakes(Events events) {
        wakerPending = false; // cleared first: a wake after this sets it again
        for (SelectorWaker waker : registry.wakers) {
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
        post(io);
        wakeIfSelecting();
    }

    /** Queues {@code io} for the next poll's {@link #collectPosted}, once however often it is posted. */
    private void post(IoState io) {
        synchronized (posted) {
            if (io.postedTo != this) { // another poll's queue drops it: it is no longer registered there
                io.postedTo = this;
                posted.add(io);
            }
        }
        postedPending = true;
    }

    /**
     * Reports the posted sources: the readiness a flushing select kept for this poll, and input a
     * peek holds; what does not fit stays for the next poll. A level registration is armed again
     * once its kept readiness is reported, and stays posted while it holds input (reported by every
     * poll); a oneshot one is reported once.
     */
    private void collectPosted(Events events) {
        postedPending = false; // cleared first: a post after this sets it again
        synchronized (posted) {
            for (int n = posted.size(); n > 0; n--) {
                if (events.size() == events.capacity()) {
                    postedPending = true;
                    return;
                }
                IoState io = posted.poll();
                if (io.postedTo == this) {
                    io.postedTo = null;
                }
                int readiness = io.owed;
                io.owed = 0;
                Interest wanted = io.interests;
                if (io.poll != this || wanted == null) {
                    continue;
                }
                Mode mode = wanted.mode();
                boolean held = wanted.isReadable() && io.holdsInput() && !io.fired
                        && (mode != Mode.ONESHOT || readiness != 0 || io.fire(io.key));
                if (held) {
                    readiness |= Readiness.READABLE;
                    if (mode == Mode.LEVEL) {
                        io.postedTo = this;
                        posted.add(io);
                        postedPending = true;
                    }
                }
                if (readiness == 0) {
                    continue;
                }
                if (mode == Mode.LEVEL) {
                    io.rearmAll();
                }
                addEvent(events, io.token, readiness);
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

    /** Makes a select run soon, so the JDK really closes channels of cancelled keys (JDK-8198692). */
    void requestFlush() throws IOException {
        flush.request();
    }

    /** Cancels {@code key} and has the selector release it at once where it can (JDK-8198692). */
    void releaseNow(SelectionKey key) throws IOException {
        flush.releaseNow(key);
    }

    @Override
    protected void implWakeup() {
        selector.wakeup();
    }

    /** A waker was woken: the poll reports it, at once if it is blocked. */
    void wakerWoken() {
        wakerPending = true;
        selector.wakeup();
    }

    @Override
    protected void implClose() throws IOException {
        registry.wakers = new SelectorWaker[0];
        flush.selectLock.lock();
        try {
            selector.close(); // deregisters every key; registered channels closed meanwhile are released
        } finally {
            flush.selectLock.unlock();
        }
    }
}
