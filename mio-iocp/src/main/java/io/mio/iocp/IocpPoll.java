package io.mio.iocp;

import io.mio.Registry;
import io.mio.completion.CompletionPoll;

import java.io.IOException;

/**
 * A poll of the {@code iocp} backend: the completion-port selector over an {@link IocpDriver}.
 * The registry's lock is the selector's.
 */
final class IocpPoll extends CompletionPoll {
    private final IocpRegistry registry;

    private IocpPoll(IocpProvider provider, IocpRegistry registry, IocpDriver driver) {
        super(provider, driver, registry.lock);
        this.registry = registry;
        registry.poll = this;
    }

    /** {@return a poll over a new completion port} */
    static IocpPoll open(IocpProvider provider) throws IOException {
        return new IocpPoll(provider, new IocpRegistry(provider), IocpDriver.open());
    }

    @Override
    public Registry registry() {
        return registry;
    }

    /** Nothing to drop: a socket's link to a closed poll is refused by the poll itself and replaced on its next registration. */
    @Override
    protected void releaseRegistrations() {
    }
}
