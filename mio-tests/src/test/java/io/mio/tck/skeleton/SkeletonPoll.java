package io.mio.tck.skeleton;

import io.mio.Events;
import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Mode;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;

/**
 * The skeleton's poll loop, registry and waker: every hook a backend implements, in the order a
 * reader meets them (open, poll, wake, close, register, reregister, deregister, waker), each with
 * the thread that calls it and the locks held while it runs. The shared code in {@code io.mio}
 * has already checked the arguments and the open state when a hook is called.
 *
 * <p><b>Locks the shared code holds.</b>
 * <ul>
 * <li>The poll lock: held by the one polling thread for the whole of {@link #implPoll}, and by
 *     {@code close} around {@link #implClose}. So {@code implPoll} never runs twice at once, and
 *     never with or after {@code implClose}.</li>
 * <li>The source's state lock ({@code IoSource}'s): held around {@code implRegister},
 *     {@code implReregister} and {@code implDeregister} when a user calls the registry. So one hook
 *     at a time per source, but hooks for different sources run at once on different threads, and
 *     any of them may run while {@code implPoll} is blocked in another thread: the change must take
 *     effect for that blocked poll. {@code IoSource.close()} calls {@code implDeregister} after it
 *     marked the source closed, without that lock (no other hook can run for it any more).</li>
 * <li>Nothing else: {@link #implWakeup}, {@link SkeletonWaker#implWake()} and the hooks above may
 *     race with {@code implClose} (a registration that passed the open check just before
 *     {@code close}), so the backend guards its own state with its own lock and makes a hook that
 *     comes after {@code implClose} throw {@link io.mio.ClosedPollException} or do nothing, never
 *     touch freed memory.</li>
 * </ul>
 *
 * <p><b>Reaching a source's handle.</b> A hook receives an {@link IoSource}; the shared code has
 * checked that its provider is of this backend's class, so it is one of the backend's own sources
 * and the cast to {@link SkeletonSource} is safe. Take the handle under the source's state lock (in
 * the hook): {@code close} deregisters before it releases the handle, so a hook never sees a closed
 * or reused one.
 */
final class SkeletonPoll extends Poll {
    private final SkeletonRegistry registry;

    /** What every source of this backend implements, for the registry hooks. */
    interface SkeletonSource {
        /** {@return the facility's handle of the source: a descriptor, a socket handle} */
        long handle();
    }

    SkeletonPoll(SkeletonProvider provider) throws IOException {
        super(provider);
        // TODO: open the facility; if a later step fails, release what was opened, then throw
        registry = new SkeletonRegistry(provider);
    }

    @Override
    public Registry registry() {
        return registry;
    }

    /**
     * The polling thread, poll lock held. {@code events} is empty; add at most
     * {@code events.capacity()} (read it at every call: the shared code lowers it while user-space
     * events or deadlines wait) with {@link #addEvent}, in the facility's order. A timeout of 0
     * returns at once, -1 waits without limit; round a sub-millisecond wait up, never down to a busy
     * poll; retry an interrupted wait (EINTR) with the time that remains. Return when a
     * {@link SkeletonWaker} or {@link #implWakeup} wakes the wait, even with no event. Allocate
     * nothing: decode the facility's buffer in place, and carry the token (or a generation-tagged
     * index) in the facility's user data rather than looking it up in a map.
     */
    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        // TODO: wait on the facility, then per ready entry:
        //   - drop it if its registration ended meanwhile (deregistered while the wait ran);
        //   - Edge: report it, and if the facility is level-triggered stop watching the kinds
        //     reported until the source's I/O returns would-block (its read or write tells the
        //     registration, which re-arms them from that thread: wake a blocked poll if needed);
        //   - Level: report it and keep watching; Oneshot: report it, then stop watching it all;
        //   - addEvent(events, token, io.mio.spi.Readiness bits the facility really saw).
    }

    /** Any thread, no lock: only {@code close} calls it, to end a blocked {@link #implPoll}. */
    @Override
    protected void implWakeup() throws IOException {
        // TODO: make the facility's wait return (an eventfd write, a posted completion)
    }

    /** Once, poll lock held: no poll runs. Release the facility; hooks racing with this must fail. */
    @Override
    protected void implClose() throws IOException {
        // TODO: under the backend's own lock, mark closed and end every registration; then release
    }

    /** The registry hooks. */
    private static final class SkeletonRegistry extends Registry {
        SkeletonRegistry(SkeletonProvider provider) {
            super(provider);
        }

        /**
         * The calling thread, the source's state lock held; a poll may be blocked in another thread.
         * {@code interests.mode()} is {@link Mode#EDGE} unless the provider lists
         * {@code REGISTRATION_MODES}.
         */
        @Override
        protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
            long handle = ((SkeletonSource) source).handle(); // safe: the shared code checked the provider
            // TODO: add (handle, token, interests) to the facility; wake a blocked poll if it would not see it
        }

        /** As {@link #implRegister}; arms every kind asked for again (the edge, a fired oneshot). */
        @Override
        protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
            long handle = ((SkeletonSource) source).handle();
            // TODO: change the registration in place; pending readiness is reported again
        }

        /**
         * As {@link #implRegister}, or from {@code IoSource.close()} without the state lock. No event
         * for the source may come from a poll that starts after this returns.
         */
        @Override
        protected void implDeregister(IoSource source) throws IOException {
            long handle = ((SkeletonSource) source).handle();
            // TODO: remove it; mark it ended so a poll decoding a batch right now drops its entries
        }

        /** Any thread, no lock. */
        @Override
        protected Waker implNewWaker(Token token) throws IOException {
            return new SkeletonWaker(this, token);
        }
    }

    /**
     * A waker: {@link #implWake()} runs on any thread with no lock held, must be cheap while a wake
     * is pending (many wakes, at least one event) and allocate nothing; the poll reports a readable
     * event with its token.
     */
    private static final class SkeletonWaker extends Waker {
        SkeletonWaker(SkeletonRegistry registry, Token token) {
            super(registry, token);
        }

        @Override
        protected void implWake() throws IOException {
            // TODO: make the poll report this waker's token readable, waking it if it is blocked
        }

        @Override
        protected void implCloseWaker() throws IOException {
            // TODO: release what the waker holds; called once
        }
    }
}
