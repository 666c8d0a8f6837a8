package io.mio.uring;

import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;
import io.mio.completion.CompletionWaker;
import io.mio.completion.PollState;
import io.mio.posix.Descriptors;
import io.mio.posix.FdSource;
import io.mio.posix.Registration;
import io.mio.posix.RegistrationTable;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The registry of a {@link UringPoll}: each source has a registration in mio-posix's table (which
 * tells the source's I/O where to report would-block) and a {@link PollState} of the selector, kept
 * by descriptor beside it. The table's monitor guards both and is the selector's lock.
 */
final class UringRegistry extends Registry implements RegistrationTable.Backend {
    /** Would-block re-arms the one-shot poll; the poll's {@link UringPoll#reported} drives the read elision. */
    final RegistrationTable table = new RegistrationTable(this, true, true);
    /** The poll state of each registered descriptor; guarded by table. */
    private PollState[] states = new PollState[64];
    /** Set once by the poll's constructor, before the registry is reachable. */
    UringPoll poll;

    UringRegistry(PollProvider provider) {
        super(provider);
    }

    @Override
    protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
        int fd = ((FdSource) source).fd();
        synchronized (table) {
            // io_uring would report a closed descriptor only in the poll's completion: refuse it now, as epoll_ctl
            Descriptors.requireOpen(fd, "io_uring registration");
            int generation = table.nextGeneration(fd);
            PollState state = poll.register(fd, token, interests);
            table.add(fd, generation, source, token, interests);
            if (fd >= states.length) {
                states = Arrays.copyOf(states, Math.max(fd + 1, states.length * 2));
            }
            states[fd] = state;
        }
    }

    @Override
    protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
        int fd = ((FdSource) source).fd();
        synchronized (table) {
            table.update(table.reregistering(fd, source), token, interests);
            poll.reregister(states[fd], token, interests);
        }
    }

    @Override
    protected void implDeregister(IoSource source) throws IOException {
        int fd = ((FdSource) source).fd();
        synchronized (table) {
            // the poll is closed, or the descriptor was closed behind mio's back and reused: nothing to remove
            Registration r = table.isReleased() ? null : table.registered(fd, source);
            if (r != null) {
                table.remove(r);
                PollState state = states[fd];
                states[fd] = null;
                poll.deregister(state); // cancelled before the source closes its descriptor
            }
        }
    }

    @Override
    protected Waker implNewWaker(Token token) {
        return new CompletionWaker(this, token, poll);
    }

    @Override
    public void rearm(Registration registration, int readiness) {
        synchronized (table) {
            int fd = registration.fd();
            if (table.current(fd) != registration) {
                return; // deregistered meanwhile
            }
            try {
                poll.wouldBlock(states[fd], readiness);
            } catch (IOException e) { // the ring refused a submission: the poll is broken
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Not used: the wakers of this backend post completions ({@link CompletionWaker}), not table readiness. */
    @Override
    public void wake() {
        throw new UnsupportedOperationException("the uring backend posts readiness through its completion queue");
    }
}
