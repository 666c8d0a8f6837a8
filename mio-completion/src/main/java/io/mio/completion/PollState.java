package io.mio.completion;

import io.mio.Token;

/**
 * The poll state of one registered source or waker, as {@code SockState} in Rust mio's Windows
 * selector: at most one poll in flight ({@link #status}), what the user wants reported now
 * ({@link #armed}: interests minus the kinds reported since the last would-block, which is the
 * edge), what the poll in flight asks for ({@link #pending}), and whether it is being deleted.
 * With nothing armed a poll stays in flight for hang-up and error alone (mio's AFD poll keeps
 * {@code DISCONNECT} and {@code ABORT} armed the same way), until one of them was reported.
 * A registry keeps it for the source and hands it back to {@link CompletionPoll}; all fields are
 * guarded by the poll's lock.
 */
public final class PollState {
    static final byte IDLE = 0;
    static final byte PENDING = 1;
    static final byte CANCELLED = 2;

    /** The descriptor or socket the driver polls. */
    final long handle;
    /** The slot completions name; freed once the kernel is done with it. */
    final int slot;
    /** A waker's state: its completions are posts, never polls. */
    final boolean waker;
    /** The token of events; null once deleted. */
    Token token;
    /** {@link io.mio.spi.Readiness} kinds the interests ask for (READABLE, WRITABLE, PRIORITY). */
    int interests;
    /** The kinds to report now: interests minus those reported since they were last re-armed. */
    int armed;
    /** The kinds the poll in flight asks for; 0 when idle. */
    int pending;
    /** {@link #IDLE}, {@link #PENDING} (a poll or post in flight) or {@link #CANCELLED}. */
    byte status;
    /** {@link CompletionPoll#EDGE}, {@link CompletionPoll#LEVEL} or {@link CompletionPoll#ONESHOT}. */
    byte mode;
    /** The poll in flight is multishot: it stays in flight after its completions (edge mode only). */
    boolean multi;
    /** Hang-up or error was reported: no watch for them any more (until re-armed or reregistered). */
    boolean over;
    /** Deregistered or closed: report nothing more, free the slot when the kernel is done. */
    boolean deleted;
    /** In the update queue. */
    boolean queued;
    /** The next state in the update queue. */
    PollState nextUpdate;

    PollState(long handle, int slot, boolean waker, Token token, int interests) {
        this.handle = handle;
        this.slot = slot;
        this.waker = waker;
        this.token = token;
        this.interests = interests;
        this.armed = interests;
    }

    /** {@return the descriptor or socket the driver polls} */
    public long handle() {
        return handle;
    }

    @Override
    public String toString() {
        return "PollState[handle " + handle + ", slot " + slot + "]";
    }
}
