package io.mio.poll;

import io.mio.Interest;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.PosixSockets;
import io.mio.posix.Registration;
import io.mio.spi.Readiness;

import java.io.IOException;

/**
 * A waker that posts readiness into its registration ({@link Registration#post}): no descriptor is
 * polled for it. It holds a pipe only so that its registration has a descriptor slot of its own in
 * the table; the registration is never armed, so the pipe is never in the pollfd array.
 */
final class PollWaker extends Waker {
    private final PollPoll.PollRegistry registry;
    private final int[] pipe;
    private final Registration registration;

    PollWaker(PollPoll.PollRegistry registry, Token token) throws IOException {
        super(registry, token);
        this.registry = registry;
        this.pipe = PosixSockets.openPipeDescriptors();
        try {
            synchronized (registry.table) {
                registration = registry.table.add(pipe[0], registry.table.nextGeneration(pipe[0]), this, token,
                        Interest.READABLE);
            }
        } catch (RuntimeException e) {
            Descriptors.closeQuietly(pipe[0]);
            Descriptors.closeQuietly(pipe[1]);
            throw e;
        }
    }

    @Override
    protected void implWake() throws IOException {
        if (!registration.post(Readiness.READABLE)) {
            throw new IllegalStateException("waker is closed");
        }
    }

    @Override
    protected void implCloseWaker() throws IOException {
        try {
            registry.remove(pipe[0], this);
        } finally {
            try {
                Descriptors.close(pipe[0]);
            } finally {
                Descriptors.close(pipe[1]);
            }
        }
    }
}
