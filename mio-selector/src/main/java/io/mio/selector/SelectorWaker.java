package io.mio.selector;

import io.mio.Token;
import io.mio.Waker;

import java.util.concurrent.atomic.AtomicBoolean;

/** A pending flag plus {@code Selector.wakeup()}; the poll reports the flag as a readable event. */
final class SelectorWaker extends Waker {
    /** Whether a wake waits to be reported; set by any thread, cleared by the poller. */
    final AtomicBoolean pending = new AtomicBoolean();
    private final SelectorRegistry registry;
    private final SelectorPoll poll;

    SelectorWaker(SelectorRegistry registry, SelectorPoll poll, Token token) {
        super(registry, token);
        this.registry = registry;
        this.poll = poll;
    }

    @Override
    protected void implWake() {
        if (pending.compareAndSet(false, true)) { // already pending: that wake is still coming
            poll.wakerWoken();
        }
    }

    @Override
    protected void implCloseWaker() {
        registry.removeWaker(this);
    }
}
