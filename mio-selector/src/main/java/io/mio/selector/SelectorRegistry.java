package io.mio.selector;

import io.mio.ClosedPollException;
import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The registry of a {@link SelectorPoll}: a source's registration is its channel's
 * {@link SelectionKey}, with the source's {@link IoState} attached; the hooks run under the source's
 * state lock (held by {@link IoSource}) and the {@code IoState}'s monitor. The poll's wakers are
 * kept here too.
 */
final class SelectorRegistry extends Registry {
    private final SelectorPoll poll;
    /** The open wakers, copied on write (rare) so the poll iterates without allocating. */
    volatile SelectorWaker[] wakers = new SelectorWaker[0];

    SelectorRegistry(SelectorPollProvider provider, SelectorPoll poll) {
        super(provider);
        this.poll = poll;
    }

    @Override
    protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
        IoState io = ((SelectorSource) source).io();
        synchronized (io) {
            SelectionKey key = io.key;
            if (key != null && io.keyPoll != poll) {
                // keep one key per channel, so that a close is released by one poll's flush
                key.cancel();
                io.keyPoll.requestFlush();
                key = null;
            }
            set(io, token, interests);
            try {
                if (key != null && key.isValid()) {
                    key.interestOps(io.ops);
                } else {
                    io.key = registerChannel(io);
                    io.keyPoll = poll;
                }
            } catch (CancelledKeyException | ClosedSelectorException e) {
                throw closedMeanwhile(source, e);
            }
            io.poll = poll;
        }
        postIfHolding(io, interests);
        poll.wakeIfSelecting();
    }

    @Override
    protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
        IoState io = ((SelectorSource) source).io();
        synchronized (io) {
            set(io, token, interests);
            try {
                io.key.interestOps(io.ops); // all interests armed again, a fired oneshot too
            } catch (CancelledKeyException e) {
                throw closedMeanwhile(source, e);
            }
        }
        postIfHolding(io, interests);
        poll.wakeIfSelecting();
    }

    private static void set(IoState io, Token token, Interest interests) {
        io.token = token;
        io.interests = interests;
        io.ops = io.opsFor(interests);
        io.fired = false;
        io.owed = 0; // every interest is armed again: the selector reports what is still ready
    }

    /** A (re)registered source that holds peeked input is readable, though the selector cannot see it. */
    private void postIfHolding(IoState io, Interest interests) {
        if (interests.isReadable() && io.holdsInput()) {
            poll.postReadable(io);
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
                return io.channel.register(poll.selector, io.ops, io);
            } catch (CancelledKeyException cancelledNotYetFlushed) {
                // moved back from another poll before this one's select released the old key
                poll.requestFlush();
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("cannot register " + io.channel
                            + ": its previous key with this poll was not released in time", cancelledNotYetFlushed);
                }
                LockSupport.parkNanos(100_000);
            }
        }
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
        SelectorWaker waker = new SelectorWaker(this, poll, token);
        synchronized (this) {
            SelectorWaker[] grown = Arrays.copyOf(wakers, wakers.length + 1);
            grown[grown.length - 1] = waker;
            wakers = grown;
        }
        return waker;
    }

    synchronized void removeWaker(SelectorWaker waker) {
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
