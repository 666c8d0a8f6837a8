package io.mio.kqueue;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Mode;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdWaker;
import io.mio.posix.PosixSockets;
import io.mio.posix.Registration;
import io.mio.posix.RegistrationTable;
import io.mio.posix.TableRegistry;
import io.mio.posix.TablePoll;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.mio.kqueue.Kevent.EV_ADD;
import static io.mio.kqueue.Kevent.EV_CLEAR;
import static io.mio.kqueue.Kevent.EV_DELETE;
import static io.mio.kqueue.Kevent.EV_DISPATCH;
import static io.mio.kqueue.Kevent.EV_ENABLE;
import static io.mio.kqueue.Kevent.EV_ERROR;
import static io.mio.kqueue.Kevent.EV_RECEIPT;

/**
 * The kqueue poll and its registry, as Rust mio's {@code sys/unix/selector/kqueue.rs}: the poll's two
 * hooks in {@link TablePoll}'s loop (which keeps the timeout, the EINTR retry and posted readiness):
 * one {@code kevent} and the decoding of its events; close; then the registry's open, the kevent
 * changes of register, reregister and deregister (run in {@link TableRegistry}'s order), and the wake.
 * The struct layout and filter values of the running flavour are in {@link Kevent}.
 *
 * <p>Each interest is one knote: {@code EVFILT_READ} and {@code EVFILT_WRITE}, in the registration's
 * mode: {@code EV_CLEAR} (edge), neither (level) or {@code EV_DISPATCH} (oneshot), so a would-block
 * needs no re-arm. A oneshot registration reports one event, even where both of its knotes fire in
 * different polls: the first report disarms it ({@link Registration#arm}) and a reregister, whose
 * {@code EV_ENABLE} re-enables the knotes, arms it again. The knotes' {@code udata} is
 * {@link Registration#data()}, by which {@link RegistrationTable} drops stale events without a map.
 * Changes carry {@code EV_RECEIPT}, so each comes back with its own errno. A kernel event reports one
 * filter; the read and write events of a descriptor that kevent returns side by side are merged into
 * one event (Rust mio reports two), so readable and writable come together as on epoll.
 *
 * <p>The poll wakes by {@link KqueueWake}. The poller holds the table's monitor to decode, never in
 * kevent.
 */
final class KqueuePoll extends TablePoll<KqueuePoll.KqueueRegistry> {
    private final Kevent k = Kevent.HERE;
    /** The event list and timeout of the poller's kevent; polling thread only. */
    private final KeventList list = new KeventList(k, 64, arena);

    KqueuePoll(PollProvider provider) throws IOException {
        super(provider, "kevent", KqueueRegistry::open);
    }

    @Override
    protected int kernelWait(int capacity, long nanos) {
        return k.kevent(pollState, registry.kq, MemorySegment.NULL, 0, list.atLeast(capacity), capacity, list.timeout(nanos));
    }

    /**
     * Adds the events kevent returned, dropping stale ones and merging the read and write events
     * of a descriptor (side by side in the list) into one, as on epoll; drains the wake pipe and the
     * pipes of wakers that fired.
     */
    @Override
    protected void decode(Events events, int n) {
        MemorySegment array = list.memory().segment(); // safe because kevent filled entries 0 to n - 1
        Registration last = null;
        int merged = 0;
        for (int i = 0; i < n; i++) {
            long udata = k.udata(array, i);
            if (udata == KqueueWake.DATA) {
                registry.wake.fired(drain); // a post (reported by the base class after these), or close
                continue;
            }
            Registration r = registry.table.current(udata);
            if (r == null || r.armed() == 0) {
                continue; // deregistered after kevent returned it; or oneshot and reported (by its other knote)
            }
            int readiness = k.toReadiness(array, i);
            if (r.owner() instanceof FdWaker waker) {
                waker.fired(drain); // safe: it deregisters under this monitor before it closes its pipe
            } else if (r.elision() != null) {
                r.elision().eventDecoded(readiness); // before the user can see the event
            }
            if (r != last && last != null) {
                report(events, last, merged); // fits: no more events than kevent returned
                merged = 0;
            }
            last = r;
            merged |= readiness;
        }
        if (last != null) {
            report(events, last, merged);
        }
    }

    /** Adds a registration's event; a oneshot one then reports nothing until it is reregistered. */
    private static void report(Events events, Registration r, int readiness) {
        addEvent(events, r.token(), readiness);
        if (r.interests().mode() == Mode.ONESHOT) {
            r.arm(0);
        }
    }

    @Override
    protected void implClose() throws IOException {
        // closing kq removes the knotes
        closeAll(list.memory(), registry.kq, registry.wake.readFd, registry.wake.writeFd);
    }

    /** The registry: the kqueue and its wake, and kevent change lists on the registration table. */
    static final class KqueueRegistry extends TableRegistry {
        /** What {@link #registered} arms: a oneshot registration reports until its first event disarms it. */
        private static final int ARMED = Readiness.READABLE | Readiness.WRITABLE;

        private final Kevent k;
        /** The kqueue descriptor; closed by the poll's close. */
        private final int kq;
        /** The wake of a blocked kevent; closed by the poll's close. */
        private final KqueueWake wake;
        /** errno, change list and receipts (four entries each: a mode change deletes two knotes, adds two); guarded by table. */
        private final MemorySegment ctlState;
        private final MemorySegment changes;
        private final MemorySegment receipts;

        /** Opens the kqueue and its wake; closes them if it fails partway. */
        static KqueueRegistry open(PollProvider provider, Arena arena, MemorySegment state) throws IOException {
            Kevent k = Kevent.HERE;
            // a kqueue is not inherited by fork(2) (kqueue(2)), so it needs no close-on-exec
            int queue = Kevent.kqueue(state);
            if (queue < 0) {
                throw Errno.exception("kqueue", Downcalls.errno(state));
            }
            KqueueWake wake = null;
            try {
                wake = new KqueueWake(k, queue, arena);
                KqueueRegistry registry = new KqueueRegistry(provider, k, queue, wake, arena);
                registry.addWake();
                return registry;
            } catch (IOException | RuntimeException | Error e) {
                if (wake != null) {
                    Descriptors.closeQuietly(wake.readFd);
                    Descriptors.closeQuietly(wake.writeFd);
                }
                Descriptors.closeQuietly(queue);
                throw e;
            }
        }

        private KqueueRegistry(PollProvider provider, Kevent k, int kq, KqueueWake wake, Arena arena) {
            super(provider, false);
            this.k = k;
            this.kq = kq;
            this.wake = wake;
            this.ctlState = Downcalls.newCallState(arena);
            this.changes = arena.allocate(k.size * 4, 8);
            this.receipts = arena.allocate(k.size * 4, 8);
        }

        @Override
        protected void kernelAdd(int fd, Interest interests, long data) throws IOException {
            submit(change(0, fd, interests, EV_ADD, 0, data), Errno.EPIPE, fd);
        }

        @Override
        protected void kernelModify(Registration r, Interest interests) throws IOException {
            int n = 0;
            if (r.interests().mode() != interests.mode()) {
                // a knote keeps the EV_CLEAR or EV_DISPATCH it was added with (FreeBSD's kqueue_register
                // changes only udata, fflags and data of an existing one): delete both, add them anew
                n = change(0, r.fd(), Interest.READABLE, EV_DELETE, EV_DELETE, 0);
            }
            // EV_ADD of an existing knote re-arms its edge, EV_ENABLE a dispatched one; ENOENT: deleting
            // a filter that was not added (Rust mio ignores it too)
            submit(change(n, r.fd(), interests, EV_ADD, EV_DELETE, r.data()), Errno.ENOENT, r.fd());
        }

        @Override
        protected void kernelDelete(int fd) throws IOException {
            // ENOENT: no way to know which filters were added (Rust mio ignores it too)
            submit(change(0, fd, Interest.READABLE, EV_DELETE, EV_DELETE, 0), Errno.ENOENT, fd);
        }

        @Override
        protected void registered(Registration r) {
            r.arm(ARMED); // (re)registering arms a oneshot registration again
        }

        @Override
        protected Waker implNewWaker(Token token) throws IOException {
            int[] pipe = PosixSockets.openPipeDescriptors();
            return new FdWaker(this, token, pipe[0], pipe[1]);
        }

        /**
         * Writes up to two changes from entry {@code n}: {@code readOp} or {@code otherOp} on the read
         * knote as {@code interests} is readable or not, and likewise on the write knote (0: leave
         * the knote). An {@code EV_ADD} carries the mode's flags and {@code EV_ENABLE}.
         *
         * @return the number of changes written so far
         */
        private int change(int n, int fd, Interest interests, int op, int otherOp, long udata) {
            assert Thread.holdsLock(table);
            int read = interests.isReadable() ? op : otherOp;
            int write = interests.isWritable() ? op : otherOp;
            if (read != 0) {
                k.set(changes, n++, fd, k.evfiltRead, withMode(read, interests.mode()), udata);
            }
            if (write != 0) {
                k.set(changes, n++, fd, k.evfiltWrite, withMode(write, interests.mode()), udata);
            }
            return n;
        }

        /** The flags of one change: an add is edge ({@code EV_CLEAR}), level (none) or oneshot ({@code EV_DISPATCH}). */
        private static int withMode(int op, Mode mode) {
            if (op != EV_ADD) {
                return op | EV_RECEIPT;
            }
            int modeFlags = switch (mode) {
                case EDGE -> EV_CLEAR;
                case LEVEL -> 0;
                case ONESHOT -> EV_DISPATCH; // disabled after one event; EV_ENABLE (a reregister) arms it again
            };
            // EV_ENABLE: an EV_ADD alone does not re-enable a knote that EV_DISPATCH disabled (FreeBSD, macOS)
            return EV_ADD | EV_ENABLE | modeFlags | EV_RECEIPT;
        }

        /**
         * Submits {@code n} changes with EV_RECEIPT and throws the first errno not ignored. EPIPE is
         * always ignored: macOS returns it for a socket whose peer is gone (tokio-rs/mio#582).
         */
        private void submit(int n, int ignored, long ident) throws IOException {
            int got = n == 0 ? 0 : k.kevent(ctlState, kq, changes, n, receipts, n, MemorySegment.NULL);
            // EINTR: every change was applied (FreeBSD's kqueue(2)), so it is a success
            if (got < 0 && Downcalls.errno(ctlState) != Errno.EINTR) {
                throw Errno.exception("kevent(changes of ident " + ident + ")", Downcalls.errno(ctlState));
            }
            for (int i = 0; i < got; i++) {
                int errno = (k.flags(receipts, i) & EV_ERROR) != 0 ? (int) k.data(receipts, i) : 0;
                if (errno != 0 && errno != ignored && errno != Errno.EPIPE) {
                    throw Errno.exception("kevent(filter " + k.filter(receipts, i) + ", ident " + ident + ")", errno);
                }
            }
        }

        /** Adds the wake knote (EV_CLEAR: a wake is reported once). */
        private void addWake() throws IOException {
            synchronized (table) {
                k.set(changes, 0, wake.ident(), wake.filter(), EV_ADD | EV_CLEAR | EV_RECEIPT, KqueueWake.DATA);
                submit(1, 0, wake.ident());
            }
        }

        @Override
        public void wake() throws IOException {
            assert Thread.holdsLock(table);
            wake.wake();
        }
    }
}
