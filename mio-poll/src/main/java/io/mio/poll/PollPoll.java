package io.mio.poll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Mode;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
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
 * The poll(2) poll and its registry, as mio's {@code sys/unix/selector/poll.rs}: the poll's two hooks
 * in {@link TablePoll}'s loop (which keeps the timeout, the EINTR retry, posted readiness, and polls
 * again after a wake that reported nothing): one {@code poll} over a pollfd array rebuilt from the
 * table, and the decoding of its revents; close; then the registry's open, register, reregister and
 * deregister (in {@link TableRegistry}'s order), and the wake. Flags and the pollfd layout are in
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
 * blocked, writes the wake pipe; the poll reports nothing and the base class's loop polls again
 * (rebuilt) for the time that remains. The table's monitor guards the table, {@code stale} and
 * {@code polling}; {@code poll} runs without it. An event of a descriptor deregistered during the
 * poll is dropped (no longer {@linkplain RegistrationTable#current(long) current}).
 */
final class PollPoll extends TablePoll<PollPoll.PollRegistry> {
    /** The pollfd array; polling thread only. */
    private final PollFdArray fds = new PollFdArray(64);

    PollPoll(PollProvider provider) throws IOException {
        super(provider, "poll", PollRegistry::open);
    }

    /** Rebuilds the pollfd array if the table changed, says the poller is in poll(2), and polls. */
    @Override
    protected int kernelWait(int capacity, long nanos) {
        RegistrationTable table = registry.table;
        synchronized (table) {
            if (registry.stale) {
                rebuild(table);
            }
            // cleared by decode; a poll(2) that fails leaves it set, which costs at most a needless wake
            registry.polling = true;
        }
        return PollFd.poll(pollState, fds.segment(), fds.count(), PollTimeouts.millis(nanos));
    }

    /** Fills the pollfd array from the table: the wake pipe, then every armed registration. */
    private void rebuild(RegistrationTable table) {
        assert Thread.holdsLock(table);
        registry.stale = false;
        fds.reset(registry.wakeRead, PollBits.POLLIN);
        for (int fd = 0, slots = table.capacity(); fd < slots; fd++) {
            Registration r = table.current(fd);
            if (r != null && r.armed() != 0) {
                fds.add(fd, PollFd.toEvents(r.armed()), r);
            }
        }
    }

    /** Reports the pollfd entries with revents, disarming what was reported (edge emulation). */
    @Override
    protected void decode(Events events, int n) {
        registry.polling = false;
        if (n == 0) {
            return; // timed out: no revents to look at
        }
        if (fds.revents(0) != 0) {
            FdWaker.drain(registry.wakeRead, drain); // every wake before this poll returned is served by it
        }
        for (int i = 1, count = fds.count(); i < count; i++) {
            int revents = fds.revents(i);
            Registration r = fds.registration(i);
            if (revents == 0 || registry.table.current(r.data()) != r) {
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
    protected void implClose() throws IOException {
        closeAll(fds.memory(), registry.wakeRead, registry.wakeWrite);
    }

    /** The registry: the registration table and the wake of a blocked poll. */
    static final class PollRegistry extends TableRegistry {
        /** The poll's wake pipe, written when a change must reach a blocked poll; closed by the poll's close. */
        private final int wakeRead;
        private final int wakeWrite;
        /** The byte a wake writes; guarded by table. */
        private final MemorySegment wakeValue;
        /** Whether the pollfd array misses a change of the table; guarded by table. */
        boolean stale = true;
        /** Whether the poller is in poll(2) (or about to be); guarded by table. */
        boolean polling;

        /** Opens the wake pipe; closes it if it fails partway. */
        static PollRegistry open(PollProvider provider, Arena arena, MemorySegment state) throws IOException {
            int[] pipe = PosixSockets.openPipeDescriptors();
            try {
                return new PollRegistry(provider, pipe[0], pipe[1], arena);
            } catch (RuntimeException | Error e) {
                Descriptors.closeQuietly(pipe[0]);
                Descriptors.closeQuietly(pipe[1]);
                throw e;
            }
        }

        private PollRegistry(PollProvider provider, int wakeRead, int wakeWrite, Arena arena) {
            super(provider, true);
            this.wakeRead = wakeRead;
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
