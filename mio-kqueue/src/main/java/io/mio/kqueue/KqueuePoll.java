package io.mio.kqueue;

import io.mio.Events;
import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdSource;
import io.mio.posix.Registration;
import io.mio.posix.RegistrationTable;
import io.mio.posix.TablePoll;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.mio.kqueue.Kevent.EV_ADD;
import static io.mio.kqueue.Kevent.EV_CLEAR;
import static io.mio.kqueue.Kevent.EV_DELETE;
import static io.mio.kqueue.Kevent.EV_ERROR;
import static io.mio.kqueue.Kevent.EV_RECEIPT;

/**
 * The kqueue poll loop and its registry, in the order of Rust mio's {@code sys/unix/selector/kqueue.rs}:
 * open, poll, register, reregister, deregister, decode, wake, close. The struct layout and filter
 * values of the running flavour are in {@link Kevent}.
 *
 * <p>Each interest is one knote: {@code EVFILT_READ} and {@code EVFILT_WRITE}, both {@code EV_CLEAR}
 * (edge-triggered), so a would-block needs no re-arm. The knotes' {@code udata} is
 * {@link Registration#data()}, by which {@link RegistrationTable} drops stale events without a map.
 * Changes carry {@code EV_RECEIPT}, so each comes back with its own errno. A kernel event reports one
 * filter; the read and write events of a descriptor that kevent returns side by side are merged into
 * one event (Rust mio reports two), so readable and writable come together as on epoll.
 *
 * <p>The poll wakes by {@link KqueueWake}. The poller holds the table's monitor to decode, never in
 * kevent. TODO(modes): Level and Oneshot registrations (the seed-utilities issue, being added by another
 * helper) map to a knote without {@code EV_CLEAR} and to {@code EV_DISPATCH}; the shim supports both.
 */
final class KqueuePoll extends TablePoll {
    private final Kevent k = Kevent.HERE;
    /** The kqueue descriptor; closed by implClose. */
    private final int kq;
    /** The wake of a blocked kevent; closed by implClose. */
    private final KqueueWake wake;
    private final KqueueRegistry registry;
    /** Capture segments and buffers; freed by implClose. */
    private final Arena arena;
    /** errno of the poller's kevent, and where it drains pipes; polling thread only. */
    private final MemorySegment pollState;
    private final MemorySegment drain;
    /** The event list and timeout of the poller's kevent; polling thread only. */
    private final KeventList list;

    KqueuePoll(PollProvider provider) throws IOException {
        super(provider);
        arena = Arena.ofShared();
        int queue = -1;
        KqueueWake made = null;
        try {
            pollState = Downcalls.newCallState(arena);
            drain = arena.allocate(64, 8);
            // a kqueue is not inherited by fork(2) (kqueue(2)), so it needs no close-on-exec
            queue = Kevent.kqueue(pollState);
            if (queue < 0) {
                throw Errno.exception("kqueue", Downcalls.errno(pollState));
            }
            made = new KqueueWake(k, queue, arena);
            registry = new KqueueRegistry(provider, k, queue, made, arena);
            registry.addWake();
        } catch (IOException | RuntimeException | Error e) {
            if (made != null) {
                made.close();
            }
            Descriptors.closeQuietly(queue);
            arena.close();
            throw e;
        }
        kq = queue;
        wake = made;
        list = new KeventList(k, 64);
    }

    @Override
    public Registry registry() {
        return registry;
    }

    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        int capacity = events.capacity();
        MemorySegment array = list.atLeast(capacity);
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        // readiness posted and not yet reported (it did not fit last time): do not block
        long wait = registry.table.hasPosted() ? 0 : timeoutNanos;
        int n;
        while ((n = k.kevent(pollState, kq, MemorySegment.NULL, 0, array, capacity, list.timeout(wait))) < 0) {
            int errno = Downcalls.errno(pollState);
            if (errno != Errno.EINTR) {
                throw Errno.exception("kevent", errno);
            }
            // interrupted by a signal: wait again for the time that remains
            if (timeoutNanos > 0 && (wait = deadline - System.nanoTime()) <= 0) {
                return;
            }
        }
        // safe because kevent filled entries 0 to n - 1 of the list
        registry.decode(events, array, n, drain);
    }

    @Override
    protected void implWakeup() throws IOException {
        synchronized (registry.table) { // only close calls this, before implClose
            registry.wake();
        }
    }

    @Override
    protected void implClose() throws IOException {
        // after this no registry call touches kq or the arena (they check under the same monitor)
        registry.table.release();
        list.close();
        try {
            Descriptors.close(kq);
            wake.close();
        } finally {
            arena.close();
        }
    }

    /** The registry: kevent change lists on the registration table, and the decoding of a batch. */
    static final class KqueueRegistry extends Registry implements RegistrationTable.Backend {
        private final Kevent k;
        private final int kq;
        private final KqueueWake wake;
        /** Every registration, by descriptor; its monitor guards the fields below as well. */
        final RegistrationTable table = new RegistrationTable(this, false);
        /** errno, change list (two entries) and receipts (two); guarded by table. */
        private final MemorySegment ctlState;
        private final MemorySegment changes;
        private final MemorySegment receipts;

        KqueueRegistry(PollProvider provider, Kevent k, int kq, KqueueWake wake, Arena arena) {
            super(provider);
            this.k = k;
            this.kq = kq;
            this.wake = wake;
            this.ctlState = Downcalls.newCallState(arena);
            this.changes = arena.allocate(k.size * 2, 8);
            this.receipts = arena.allocate(k.size * 2, 8);
        }

        @Override
        protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
            add(((FdSource) source).fd(), source, token, interests);
        }

        void add(int fd, Object owner, Token token, Interest interests) throws IOException {
            synchronized (table) {
                int generation = table.nextGeneration(fd);
                // the kernel first: a bogus descriptor fails here and grows no table
                apply(fd, interests, EV_ADD, 0, RegistrationTable.data(fd, generation), Errno.EPIPE);
                table.add(fd, generation, owner, token, interests);
            }
        }

        @Override
        protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
            int fd = ((FdSource) source).fd();
            synchronized (table) {
                Registration r = table.registered(fd, source);
                if (r == null) {
                    throw new IOException("cannot reregister " + source + ": its descriptor " + fd
                            + " was closed behind mio's back and now belongs to another registration");
                }
                // ENOENT: deleting a filter that was not added (Rust mio ignores it too)
                apply(fd, interests, EV_ADD, EV_DELETE, r.data(), Errno.ENOENT);
                table.update(r, token, interests); // EV_ADD of an existing knote re-arms its edge
            }
        }

        @Override
        protected void implDeregister(IoSource source) throws IOException {
            remove(((FdSource) source).fd(), source);
        }

        void remove(int fd, Object owner) throws IOException {
            synchronized (table) {
                // the poll is closed, or the descriptor was closed behind mio's back and reused
                Registration r = table.isReleased() ? null : table.registered(fd, owner);
                if (r != null) {
                    table.remove(r); // first, so a failed change leaves no stale entry
                    // ENOENT: no way to know which filters were added (Rust mio ignores it too)
                    apply(fd, Interest.READABLE, EV_DELETE, EV_DELETE, 0, Errno.ENOENT);
                }
            }
        }

        @Override
        protected Waker implNewWaker(Token token) throws IOException {
            return new KqueueWaker(this, token);
        }

        /**
         * One kevent of up to two changes, {@code readOp} or {@code otherOp} on the read knote as
         * {@code interests} is readable or not, and likewise on the write knote (0: leave the knote).
         */
        private void apply(int fd, Interest interests, int op, int otherOp, long udata, int ignored) throws IOException {
            assert Thread.holdsLock(table);
            int n = 0;
            int read = interests.isReadable() ? op : otherOp;
            int write = interests.isWritable() ? op : otherOp;
            if (read != 0) {
                k.set(changes, n++, fd, k.evfiltRead, read | EV_CLEAR | EV_RECEIPT, udata);
            }
            if (write != 0) {
                k.set(changes, n++, fd, k.evfiltWrite, write | EV_CLEAR | EV_RECEIPT, udata);
            }
            submit(n, ignored, fd);
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
        void addWake() throws IOException {
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

        /**
         * Adds the events of one kevent, then readiness posted from other threads, to {@code events},
         * dropping stale ones; drains the wake pipe and the pipes of wakers that fired.
         */
        void decode(Events events, MemorySegment list, int n, MemorySegment drain) {
            synchronized (table) {
                Registration last = null; // the read and write events of a descriptor merge into one, as on epoll
                int merged = 0;
                for (int i = 0; i < n; i++) {
                    long udata = k.udata(list, i);
                    Registration r = udata == KqueueWake.DATA ? null : table.current(udata);
                    if (r == null) {
                        if (udata == KqueueWake.DATA) {
                            wake.fired(drain); // a post (reported below), or close
                        }
                        continue; // or deregistered after kevent returned it
                    }
                    int readiness = k.toReadiness(list, i);
                    if (r.owner() instanceof KqueueWaker waker) {
                        waker.fired(drain); // safe: it deregisters under this monitor before it closes its pipe
                    } else if (r.elision() != null) {
                        r.elision().eventDecoded(readiness); // before the user can see the event
                    }
                    if (r != last && last != null) {
                        addEvent(events, last.token(), merged); // fits: no more events than kevent returned
                        merged = 0;
                    }
                    last = r;
                    merged |= readiness;
                }
                if (last != null) {
                    addEvent(events, last.token(), merged);
                }
                reportPosted(table, events); // if full, the rest stay queued and the next poll does not block
            }
        }
    }
}
