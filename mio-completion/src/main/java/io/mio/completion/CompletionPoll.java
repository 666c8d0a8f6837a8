package io.mio.completion;

import io.mio.ClosedPollException;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.util.Arrays;

/**
 * The completion-port selector: readiness from one-shot poll completions, in the shape of Rust mio's
 * Windows selector ({@code sys/windows/selector.rs}), over a {@link CompletionDriver}.
 *
 * <p><b>Per source</b> ({@link PollState}): at most one poll in flight. A completion reports the
 * kinds that are ready and still {@linkplain PollState#armed armed}, then disarms them (that is the
 * edge: the kind comes back when the source's I/O would block, {@link #wouldBlock}, or on
 * reregister), and queues the source so that a poll for what is still armed is submitted; with
 * nothing armed that poll still watches for hang-up and error. Once reported, hang-up and error
 * disarm everything and end the watch, as every poll would report them again at once. Widening the interests while a
 * poll is in flight cancels it; its completion then resubmits with the wider set.
 *
 * <p><b>Multishot edge.</b> Where the driver has multishot polls ({@link CompletionDriver#multishot()},
 * io_uring's {@code IORING_POLL_ADD_MULTI}), an {@code EDGE} registration gets one poll that stays in
 * flight and completes once per wake-up of the source, as epoll's {@code EPOLLET} reports: the kernel
 * gives the edge, so nothing is disarmed, would-block submits nothing, and there is no resubmission
 * per event. A reregister cancels it and submits a new one, which reports what is ready now (as
 * {@code EPOLL_CTL_MOD} does); a mode other than edge cancels it for a one-shot poll. When the
 * driver ends it (a last completion without {@link CompletionDriver#more}) it is submitted again.
 *
 * <p><b>Modes.</b> {@code LEVEL} disarms nothing: each completion resubmits the same poll, which
 * completes again at once while the source is ready, so every poll reports it. {@code ONESHOT}
 * disarms everything after one event, with no watch, and ignores would-block: only reregistering arms
 * it again.
 *
 * <p><b>Update queue.</b> Registering, reregistering and would-block queue the source; the poller
 * submits the queue before it waits, or, when it is already waiting, the thread that queued submits
 * at once and hands the requests to the kernel ({@link CompletionDriver#flush}).
 *
 * <p><b>Stale completions never surface.</b> A deregistered or closed source is marked deleted:
 * its poll is cancelled and flushed at once, and its slot is reused only after the cancelled poll's
 * completion came back, which is then dropped. So the kernel never writes into, or reports for, a
 * slot that belongs to another source, and no generation is needed.
 *
 * <p><b>Wakers</b> ({@link CompletionWaker}) post a completion for their slot (at most one in
 * flight); a poll woken by {@link #implWakeup} (close) gets the driver's own wake-up.
 *
 * <p><b>Lock.</b> One monitor, given by the subclass ({@code lock}), guards every state, the slots
 * and the queue; the driver's wait runs without it. Nothing here allocates per poll, per event or
 * per resubmission; a registration allocates its state, and the slot table grows by doubling.
 */
public abstract class CompletionPoll extends Poll {
    /** Registration modes, as {@code io.mio.Mode}'s ordinals (see {@link #mode(Interest)}). */
    static final byte EDGE = 0;
    static final byte LEVEL = 1;
    static final byte ONESHOT = 2;
    /** Kinds reported whatever is armed. */
    private static final int ALWAYS = Readiness.ERROR | Readiness.READ_CLOSED | Readiness.WRITE_CLOSED;

    private final CompletionDriver driver;
    /** Edge registrations get multishot polls. */
    private final boolean multishot;
    /** Guards everything below. */
    private final Object lock;
    /** The state of each slot in use, or null. */
    private PollState[] slots = new PollState[64];
    /** Free slots below {@link #highSlot}, as a stack. */
    private int[] free = new int[64];
    private int freeCount;
    /** Slots at or above this were never used. */
    private int highSlot;
    /** Slots in use: registrations, and deleted ones whose poll the kernel has not returned. */
    private int inUse;
    private PollState updateHead;
    private PollState updateTail;
    /** The poller is in the driver's wait (or about to be): queue, then submit at once. */
    private boolean polling;
    /** The driver is closed: nothing may be submitted. */
    private boolean released;
    /** Set by close before it wakes the poller: return at once. */
    private volatile boolean closing;

    /**
     * Creates the selector.
     *
     * @param provider the backend
     * @param driver its driver, owned (and closed) by this poll from now on
     * @param lock the monitor guarding the poll states (a registry may share it, to guard its own
     *        tables with the same lock)
     */
    protected CompletionPoll(PollProvider provider, CompletionDriver driver, Object lock) {
        super(provider);
        this.driver = driver;
        this.multishot = driver.multishot();
        this.lock = lock;
    }

    /**
     * Registers a source: its first poll is submitted before the next wait, or at once if a poll is
     * blocked.
     *
     * @param handle the descriptor or socket the driver polls
     * @param token the token
     * @param interests the interests
     * @return its state, to hand back to the other methods
     * @throws IOException if submitting failed
     */
    public final PollState register(long handle, Token token, Interest interests) throws IOException {
        synchronized (lock) {
            ensureNotReleased();
            PollState s = new PollState(handle, allocateSlot(), false, token, kinds(interests));
            s.mode = mode(interests);
            slots[s.slot] = s;
            changed(s);
            return s;
        }
    }

    /**
     * Changes a source's token and interests; every kind asked for is armed again.
     *
     * @param s its state
     * @param token the new token
     * @param interests the new interests
     * @throws IOException if submitting failed
     */
    public final void reregister(PollState s, Token token, Interest interests) throws IOException {
        synchronized (lock) {
            ensureNotReleased();
            s.token = token;
            s.interests = kinds(interests);
            s.mode = mode(interests);
            s.armed = s.interests;
            s.over = false;
            if (s.multi) {
                s.pending = 0; // the multishot poll in flight reported already: cancel it, a new one reports what is ready now
            }
            changed(s);
        }
    }

    /**
     * Deletes a source's state: nothing more is reported for it, and its poll is cancelled before
     * this returns, so the handle may be closed next.
     *
     * @param s its state; deleting twice does nothing
     * @throws IOException if cancelling failed
     */
    public final void deregister(PollState s) throws IOException {
        synchronized (lock) {
            if (!released) {
                delete(s);
            }
        }
    }

    /**
     * The source's I/O would block: arm the kind again (a read re-arms priority data too, as it
     * stopped at nothing to read) and poll for it.
     *
     * @param s its state
     * @param readiness {@link Readiness#READABLE} or {@link Readiness#WRITABLE}
     * @throws IOException if submitting failed
     */
    public final void wouldBlock(PollState s, int readiness) throws IOException {
        int kinds = readiness == Readiness.READABLE ? Readiness.READABLE | Readiness.PRIORITY : readiness;
        synchronized (lock) {
            int add = kinds & s.interests & ~s.armed;
            if (add == 0 || s.mode != EDGE || s.deleted || released) {
                return; // still armed (the usual case: its poll is in flight), not edge, or gone
            }
            s.armed |= add;
            changed(s);
        }
    }

    /** {@return the slots in use: registrations and wakers, and deleted ones the kernel has not returned} */
    public final int slotsInUse() {
        synchronized (lock) {
            return inUse;
        }
    }

    final PollState registerWaker(Token token) {
        synchronized (lock) {
            ensureNotReleased();
            PollState s = new PollState(-1, allocateSlot(), true, token, Readiness.READABLE);
            slots[s.slot] = s;
            return s;
        }
    }

    /** Posts the waker's completion unless one is already in flight (wakes coalesce). */
    final void wake(PollState s) throws IOException {
        synchronized (lock) {
            if (released) {
                throw new ClosedPollException();
            }
            if (s.deleted) {
                throw new IllegalStateException("waker is closed");
            }
            if (s.status == PollState.IDLE) {
                driver.post(s.slot);
                s.status = PollState.PENDING;
                if (polling) {
                    driver.flush();
                }
            }
        }
    }

    @Override
    protected final void implPoll(Events events, long timeoutNanos) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long remaining = timeoutNanos;
        for (;;) {
            synchronized (lock) {
                submitUpdates();
                polling = true;
            }
            int n;
            try {
                n = driver.await(remaining);
            } catch (IOException | RuntimeException e) {
                synchronized (lock) {
                    polling = false;
                }
                throw e;
            }
            synchronized (lock) {
                polling = false;
                int used = 0;
                // one event at most per completion: stop while there is room, the rest wait in the queue
                for (; used < n && events.size() < events.capacity(); used++) {
                    complete(driver.slot(used), driver.result(used), driver.more(used), events);
                }
                driver.consume(used);
            }
            if (!events.isEmpty() || closing || timeoutNanos == 0) {
                return;
            }
            // a completion that reported nothing (a cancel, a wake-up), or EINTR: wait for what remains
            if (timeoutNanos > 0 && (remaining = deadline - System.nanoTime()) <= 0) {
                return;
            }
        }
    }

    /**
     * One completion: mio's {@code SockState::feed_event}, then the resubmission is queued, unless
     * the poll stays in flight ({@code more}: a multishot poll's).
     */
    private void complete(int slot, int result, boolean more, Events events) {
        if (slot < 0) {
            return; // the driver's own: a wake-up, a cancellation's answer
        }
        PollState s = slots[slot];
        if (!more) {
            s.status = PollState.IDLE;
            s.pending = 0;
        }
        if (s.deleted) {
            if (!more) {
                freeSlot(s); // the kernel is done with it: its last poll came back
            }
            return;
        }
        if (s.waker) {
            addEvent(events, s.token, Readiness.READABLE);
            return;
        }
        if (result == CompletionDriver.CLOSED) {
            s.deleted = true; // closed behind mio's back: nothing to poll, and nothing in flight
            s.token = null;
            freeSlot(s);
            return;
        }
        int ready = result == CompletionDriver.CANCELLED ? 0 : result == CompletionDriver.FAILED ? Readiness.ERROR : result;
        int reported = ready & (s.armed | ALWAYS);
        if (reported != 0) {
            addEvent(events, s.token, reported);
            reported(s, reported);
            boolean over = s.mode == ONESHOT || (reported & Readiness.ERROR) != 0
                    || (reported & (Readiness.READ_CLOSED | Readiness.WRITE_CLOSED)) == (Readiness.READ_CLOSED | Readiness.WRITE_CLOSED);
            // level: nothing is disarmed, the resubmitted poll completes while ready; a multishot
            // edge poll: the kernel reports the next edge itself
            if (s.mode == ONESHOT || (s.mode == EDGE && !s.multi)) {
                s.armed = over ? 0 : s.armed & ~reported;
                s.over = over;
            }
        }
        if (!more) {
            enqueue(s); // poll again for what is still armed (a cancelled poll: for the widened interests)
        }
    }

    /** mio's {@code SockState::update}: submit, cancel to widen, or leave the poll in flight. */
    private void update(PollState s) throws IOException {
        if (s.status == PollState.PENDING) {
            // wider interests, a reregistered multishot poll, or one left from edge mode
            if ((s.armed & ~s.pending) != 0 || (s.multi && s.mode != EDGE)) {
                driver.cancelPoll(s.handle, s.slot); // its completion resubmits
                s.status = PollState.CANCELLED;
            }
        } else if (s.status == PollState.IDLE && (s.armed != 0 || !s.over)) {
            s.multi = multishot && s.mode == EDGE;
            if (s.multi) {
                driver.submitMultishotPoll(s.handle, s.armed, s.slot);
            } else {
                // nothing armed and not over: a poll for hang-up and error alone, which every poll reports
                driver.submitPoll(s.handle, s.armed, s.slot);
            }
            s.status = PollState.PENDING;
            s.pending = s.armed;
        }
        // CANCELLED: wait for its completion, which queues the state again
    }

    /** mio's {@code SockState::mark_delete}. */
    private void delete(PollState s) throws IOException {
        if (s.deleted) {
            return;
        }
        s.deleted = true;
        s.token = null;
        if (s.status == PollState.IDLE) {
            freeSlot(s);
        } else if (s.status == PollState.PENDING && !s.waker) {
            s.status = PollState.CANCELLED;
            driver.cancelPoll(s.handle, s.slot);
            driver.flush(); // now: the caller may close the handle next, and the poll holds it open
        }
    }

    private void changed(PollState s) throws IOException {
        enqueue(s);
        if (polling) {
            submitUpdates();
            driver.flush();
        }
    }

    private void enqueue(PollState s) {
        if (!s.queued) {
            s.queued = true;
            if (updateTail == null) {
                updateHead = s;
            } else {
                updateTail.nextUpdate = s;
            }
            updateTail = s;
        }
    }

    private void submitUpdates() throws IOException {
        for (PollState s; (s = updateHead) != null; ) {
            updateHead = s.nextUpdate;
            if (updateHead == null) {
                updateTail = null;
            }
            s.nextUpdate = null;
            s.queued = false;
            if (!s.deleted) {
                update(s);
            }
        }
    }

    private int allocateSlot() {
        inUse++;
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (highSlot == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
            free = Arrays.copyOf(free, slots.length);
        }
        return highSlot++;
    }

    private void freeSlot(PollState s) {
        slots[s.slot] = null;
        free[freeCount++] = s.slot;
        inUse--;
    }

    /**
     * The registration mode of {@code interests}: {@link #EDGE}, {@link #LEVEL} or {@link #ONESHOT}
     * (the ordinals of {@code io.mio.Mode}).
     */
    private static byte mode(Interest interests) {
        return (byte) interests.mode().ordinal();
    }

    private static int kinds(Interest interests) {
        return (interests.isReadable() ? Readiness.READABLE : 0) | (interests.isWritable() ? Readiness.WRITABLE : 0)
                | (interests.isPriority() ? Readiness.PRIORITY : 0);
    }

    private void ensureNotReleased() {
        if (released) {
            throw new ClosedPollException();
        }
    }

    @Override
    protected final void implWakeup() throws IOException {
        closing = true;
        driver.wake();
    }

    @Override
    protected final void implClose() throws IOException {
        synchronized (lock) {
            released = true;
            updateHead = null;
            updateTail = null;
        }
        try {
            releaseRegistrations();
        } finally {
            driver.close(); // the kernel ends every poll in flight with its queue
        }
    }

    /**
     * Told of each event reported for a registered source, with the lock held and before the user
     * can see it: a backend whose sources elide reads after a short one (mio-posix's
     * {@code ReadElision}) tells them here. Does nothing by default.
     *
     * @param s the source's state
     * @param readiness the event's {@link Readiness} bits
     */
    protected void reported(PollState s, int readiness) {
    }

    /**
     * Ends the registry's own records of its sources: the poll is closing (called once, before the
     * driver is closed).
     */
    protected abstract void releaseRegistrations();
}
