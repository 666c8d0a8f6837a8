package io.mio.completion;

import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;

/**
 * A waker of a {@link CompletionPoll}: a wake posts one completion for its slot into the driver's
 * queue (an io_uring NOP, a {@code PostQueuedCompletionStatus}); wakes while it is in flight are
 * coalesced, so many wakes before one poll give one event. No descriptor is needed.
 */
public final class CompletionWaker extends Waker {
    private final CompletionPoll poll;
    private final PollState state;

    /**
     * Creates a waker.
     *
     * @param registry the registry it is opened with
     * @param token the token of its events
     * @param poll the registry's poll
     */
    public CompletionWaker(Registry registry, Token token, CompletionPoll poll) {
        super(registry, token);
        this.poll = poll;
        this.state = poll.registerWaker(token);
    }

    @Override
    protected void implWake() throws IOException {
        poll.wake(state);
    }

    @Override
    protected void implCloseWaker() throws IOException {
        poll.deregister(state);
    }
}
