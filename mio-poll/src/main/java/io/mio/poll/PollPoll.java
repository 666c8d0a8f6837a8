package io.mio.poll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Mode;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdWaker;
import io.mio.posix.PollBits;
import io.mio.posix.PollTimeouts;
import io.mio.posix.PosixSockets;
import io.mio.posix.Registration;
import io.mio.posix.RegistrationTable;
import io.mio.posix.TablePoll;
import io.mio.posix.TableRegistry;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The poll(2) loop and its registry, in the order of mio's {@code sys/unix/selector/poll.rs}: open,
 * poll, register, reregister, deregister, decode, wake, close. Flags and the pollfd layout are in
 * {@link PollFd}.
 *
 * <p><b>Edge emulation.</b> poll(2) is level-triggered. Each {@link Registration} keeps the kinds it
 * is {@linkplain Registration#armed() armed} for; a kind the poll reports is disarmed, so it is not
 * reported again until the source's I/O would block ({@link RegistrationTable.Backend#rearm}) or the
 * source is reregistered. poll reports hang-up and error whatever is asked, so a registration stays in
 * the array ({@link PollFd#WATCH}) until one of them is reported once, which disarms everything.
 * The {@link Mode#LEVEL} mode is poll(2)'s own: nothing is disarmed. {@link Mode#ONESHOT} disarms
 * everything once reported, and only a reregister arms it again.
 *
 * <p><b>Changes during a poll</b> (mio's handshake): the poller rebuilds the pollfd array from the
 * table before each {@code poll}. A change from another thread marks it stale and, if a poll is
 * blocked, writes the wake pipe; the poller rebuilds and polls again for the time that remains. The
 * table's monitor guards the table, {@code stale} and {@code polling}; {@code poll} runs without it.
 * An event of a descriptor deregistered during the poll is dropped (no longer
 * {@linkplain RegistrationTable#current(long) current}).
 */
final class PollPoll extends TablePoll {
    /** The wake pipe: index 0 of every pollfd array; closed by implClose. */
    private final int wakeRead;
    private final int wakeWrite;
    private final PollRegistry registry;
    /** Set by close before it wakes the poller: return at once. */
    private volatile boolean closing;
    /** The pollfd array; polling thread only. */
    private final PollFdArray fds;

    PollPoll(PollProvider provider) throws IOException {
        super(provider);
        int[] pipe = PosixSockets.openPipeDescriptors();
        try {
            registry = new PollRegistry(provider, pipe[1], arena);
        } catch (RuntimeException | Error e) {
            Descriptors.closeQuietly(pipe[0]);
            Descriptors.closeQuietly(pipe[1]);
            arena.close();
            throw e;
        }
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
        fds = new PollFdArray(64);
    }

    @Override
    public PollRegistry registry() {
        return registry;
    }

    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        RegistrationTable table = registry.table;
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long remaining = timeoutNanos;
        for (;;) {
            boolean posted;
            synchronized (table) {
                if (registry.stale) {
                    rebuild(table);
                }
                registry.polling = true;
                posted = table.hasPosted();
            }
            // readiness posted and not yet reported: do not block
            int n = PollFd.poll(pollState, fds.segment(), fds.count(), posted ? 0 : PollTimeouts.millis(remaining));
            int errno = n < 0 ? Downcalls.errno(pollState) : 0;
            synchronized (table) {
                registry.polling = false;
                if (n < 0 && errno != Errno.EINTR) {
                    throw Errno.exception("poll", errno);
                }
                if (n > 0) {
                    decode(table, events);
                }
                reportPosted(table, events);
            }
            if (!events.isEmpty() || closing || timeoutNanos == 0) {
                return;
            }
            // woken by a change from another thread, or EINTR: poll again for the time that remains
            if (timeoutNanos > 0 && (remaining = deadline - System.nanoTime()) <= 0) {
                return;
            }
        }
    }

    /** Fills the pollfd array from the table: the wake pipe, then every armed registration. */
    private void rebuild(RegistrationTable table) {
        assert Thread.holdsLock(table);
        registry.stale = false;
        fds.reset(wakeRead, PollBits.POLLIN);
        for (int fd = 0, slots = table.capacity(); fd < slots; fd++) {
            Registration r = table.current(fd);
            if (r != null && r.armed() != 0) {
                fds.add(fd, PollFd.toEvents(r.armed()), r);
            }
        }
    }

    /** Reports the pollfd entries with revents, disarming what was reported (edge emulation). */
    private void decode(RegistrationTable table, Events events) {
        if (fds.revents(0) != 0) {
            FdWaker.drain(wakeRead, drain); // every wake before this poll returned is served by it
        }
        for (int i = 1, count = fds.count(); i < count; i++) {
            int revents = fds.revents(i);
            Registration r = fds.registration(i);
            if (revents == 0 || table.current(r.data()) != r) {
                continue; // nothing, or deregistered (or closed) while the poll was blocked
            }
            int readiness = PollBits.toReadiness(revents & ~PollBits.POLLNVAL);
            if (readiness == 0) {
                // POLLNVAL only: closed behind mio's back; poll no more, or every poll returns at once
                disarm(r, 0);
            } else if (addEvent(events, r.token(), readiness)) {
                disarm(r, switch (r.interests().mode()) {
                    // hang-up and error stay set: report them once, then poll the descriptor no more
                    case EDGE -> (revents & (PollBits.POLLERR | PollBits.POLLHUP)) != 0 ? 0 : r.armed() & ~readiness;
                    case LEVEL -> r.armed(); // reported again by every poll while ready
                    case ONESHOT -> 0; // nothing more until reregistered
                });
            } // else full: reported by the next poll
        }
    }

    private void disarm(Registration r, int armed) {
        if (armed != r.armed()) {
            r.arm(armed);
            registry.stale = true;
        }
    }

    @Override
    protected void implWakeup() throws IOException {
        closing = true;
        super.implWakeup();
    }

    @Override
    protected void implClose() throws IOException {
        closeAll(registry.table, fds.memory(), wakeRead, wakeWrite);
    }

    /** The registry: the registration table and the wake of a blocked poll. */
    static final class PollRegistry extends TableRegistry {
        /** The poll's wake pipe, written when a change must reach a blocked poll; its monitor is table's. */
        private final int wakeWrite;
        /** The byte a wake writes; guarded by table. */
        private final MemorySegment wakeValue;
        /** Whether the pollfd array misses a change of the table; guarded by table. */
        boolean stale = true;
        /** Whether the poller is in poll(2) (or about to be); guarded by table. */
        boolean polling;

        PollRegistry(PollProvider provider, int wakeWrite, Arena arena) {
            super(provider, true);
            this.wakeWrite = wakeWrite;
            this.wakeValue = arena.allocate(8, 8);
        }

        @Override
        protected void kernelAdd(int fd, Interest interests, long data) throws IOException {
            Descriptors.requireOpen(fd, "poll registration"); // as epoll_ctl(ADD), not a POLLNVAL later
        }

        @Override
        protected void kernelModify(Registration r, Interest interests) {
            // nothing: the pollfd array is rebuilt from the table (registered below)
        }

        @Override
        protected void kernelDelete(int fd) throws IOException {
            changed();
        }

        @Override
        protected void registered(Registration r) throws IOException {
            r.arm(PollFd.armable(r.interests())); // (re)registering arms every kind asked for
            changed();
        }

        @Override
        protected Waker implNewWaker(Token token) throws IOException {
            return new PollWaker(this, token);
        }

        @Override
        public void rearm(Registration registration, int readiness) {
            synchronized (table) {
                if (table.current(registration.fd()) != registration || registration.interests().mode() != Mode.EDGE) {
                    return; // deregistered meanwhile; or level (never disarmed), oneshot (armed by reregister only)
                }
                // a would-block read re-arms priority data too: the read stopped at nothing to read
                int kinds = readiness == Readiness.READABLE ? Readiness.READABLE | Readiness.PRIORITY : readiness;
                int armed = registration.armed() | (kinds & PollFd.armable(registration.interests()));
                if (armed != registration.armed()) {
                    registration.arm(armed);
                    try {
                        changed();
                    } catch (IOException e) { // a write to our own pipe failed: the poll is broken
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }

        /** The pollfd array misses a change: wake a blocked poller so it rebuilds it. */
        private void changed() throws IOException {
            assert Thread.holdsLock(table);
            stale = true;
            if (polling) {
                wake();
            }
        }

        @Override
        public void wake() throws IOException {
            FdWaker.signal(wakeWrite, wakeValue);
        }
    }
}
