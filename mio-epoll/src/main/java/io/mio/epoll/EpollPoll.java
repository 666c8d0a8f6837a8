package io.mio.epoll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Registry;
import io.mio.IoSource;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdSource;
import io.mio.posix.PollTimeouts;
import io.mio.posix.ReadElision;
import io.mio.posix.Registration;
import io.mio.posix.RegistrationTable;
import io.mio.posix.TablePoll;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.mio.epoll.EPoll.EPOLLET;
import static io.mio.epoll.EPoll.EPOLLIN;
import static io.mio.epoll.EPoll.EPOLL_CTL_ADD;
import static io.mio.epoll.EPoll.EPOLL_CTL_DEL;
import static io.mio.epoll.EPoll.EPOLL_CTL_MOD;

/**
 * The epoll poll loop and its registry, in the order of mio's {@code sys/unix/selector/epoll.rs}:
 * open, poll, register, reregister, deregister, decode, wake, close. The flag mappings are in
 * {@link EPoll}, the user's {@link EpollWaker} in its own file.
 *
 * <p>The kernel implements every mode ({@code EPOLLET}, level, {@code EPOLLONESHOT}: see
 * {@link EPoll#toEpoll}), so a would-block needs no re-arm, and a reregister's
 * {@code EPOLL_CTL_MOD} re-arms an edge and a oneshot registration alike. A registration's
 * {@code epoll_data} is {@link Registration#data()} (descriptor and generation), by which
 * {@link RegistrationTable} drops events that went stale before decoding, without a map. The poller
 * holds the table's monitor while it decodes a batch, never in {@code epoll_wait}, so registering
 * during a blocked poll takes effect in it (the kernel allows concurrent {@code epoll_ctl}). A
 * {@link Registration#post} writes the internal eventfd; posts are reported after the kernel's events.
 *
 * <p>Memory: the arenas are closed by {@link #implClose}, which runs after any poll returned (the
 * base class holds the poll lock) and after the table was released under its monitor.
 */
final class EpollPoll extends TablePoll {
    /** epoll_data of the internal eventfd: descriptor -1 is never a table slot. */
    private static final long WAKEUP_DATA = -1L;

    /** The epoll descriptor; closed by implClose. */
    private final int epfd;
    /** An eventfd that makes a blocked epoll_wait return: a post, or the poll is closed. */
    private final int wakeupFd;
    private final EpollRegistry registry;
    /** Capture segments and the 8-byte eventfd buffer of the poller; freed by implClose. */
    private final Arena arena;
    /** errno of epoll_wait; used by the polling thread only (the base class allows one). */
    private final MemorySegment pollState;
    /** Buffer the poller reads wakers' counters into; polling thread only. */
    private final MemorySegment counter;
    /** Buffer implWakeup writes from (close calls it while a poll may still be decoding). */
    private final MemorySegment wakeupValue;
    /** The array epoll_wait fills; polling thread only. */
    private final EventArray eventArray;

    EpollPoll(PollProvider provider) throws IOException {
        super(provider);
        arena = Arena.ofShared();
        int ep = -1;
        int wake = -1;
        try {
            pollState = Downcalls.newCallState(arena);
            counter = arena.allocate(8, 8);
            wakeupValue = arena.allocate(8, 8);
            ep = EPoll.epollCreate1(pollState, EPoll.EPOLL_CLOEXEC);
            if (ep < 0) {
                throw Errno.exception("epoll_create1", Downcalls.errno(pollState));
            }
            wake = EPoll.eventfd(pollState, 0, EPoll.EFD_NONBLOCK | EPoll.EFD_CLOEXEC);
            if (wake < 0) {
                throw Errno.exception("eventfd", Downcalls.errno(pollState));
            }
            MemorySegment event = arena.allocate(EPoll.SIZE, 8);
            EPoll.setEvent(event, EPOLLIN | EPOLLET, WAKEUP_DATA);
            if (EPoll.epollCtl(pollState, ep, EPOLL_CTL_ADD, wake, event) < 0) {
                throw Errno.exception("epoll_ctl(EPOLL_CTL_ADD, eventfd " + wake + ")", Downcalls.errno(pollState));
            }
            registry = new EpollRegistry(provider, ep, wake, arena);
        } catch (IOException | RuntimeException | Error e) {
            // partly opened: release what was made, as the JDK's EPollSelectorImpl does
            Descriptors.closeQuietly(wake);
            Descriptors.closeQuietly(ep);
            arena.close();
            throw e;
        }
        epfd = ep;
        wakeupFd = wake;
        eventArray = new EventArray(64);
    }

    @Override
    public Registry registry() {
        return registry;
    }

    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        int capacity = events.capacity();
        MemorySegment array = eventArray.atLeast(capacity);
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        // readiness posted and not yet reported (it did not fit last time): do not block. Posts
        // made since write the eventfd, so only the last decode's leftovers need this flag, which
        // saves taking the table's monitor a second time per poll
        int timeoutMillis = registry.postedLeft ? 0 : PollTimeouts.millis(timeoutNanos);
        int n;
        while ((n = EPoll.epollWait(pollState, epfd, array, capacity, timeoutMillis)) < 0) {
            int errno = Downcalls.errno(pollState);
            if (errno != Errno.EINTR) {
                throw Errno.exception("epoll_wait", errno);
            }
            // interrupted by a signal: wait again for the time that remains (epoll_wait(2))
            if (timeoutNanos > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                timeoutMillis = PollTimeouts.millis(remaining);
            }
        }
        // safe because epoll_wait filled entries 0 to n - 1 of the array
        registry.decode(events, array, n, counter);
    }

    @Override
    protected void implWakeup() throws IOException {
        // only close calls this, once, before implClose frees the arena
        EventFdCounter.writeCounter(wakeupFd, wakeupValue);
    }

    @Override
    protected void implClose() throws IOException {
        // after this no registry call touches epfd or the arena (they check under the same monitor)
        registry.table.release();
        eventArray.close();
        closeAll(wakeupFd, epfd, arena);
    }

    /** The registry: epoll_ctl on the registration table, and the decoding of a batch of events. */
    static final class EpollRegistry extends Registry implements RegistrationTable.Backend {
        private final int epfd;
        /** The poll's eventfd, written to make it report posted readiness. */
        private final int wakeupFd;
        /** Every registration, by descriptor; its monitor guards the fields below as well. */
        final RegistrationTable table = new RegistrationTable(this, false);
        /** errno of epoll_ctl; guarded by table. */
        private final MemorySegment ctlState;
        /** The struct epoll_event passed to epoll_ctl; guarded by table. */
        private final MemorySegment ctlEvent;
        /** The buffer a post writes to wakeupFd from; guarded by table. */
        private final MemorySegment postValue;
        /** Whether the last decode left posted readiness queued (events full); polling thread only. */
        boolean postedLeft;

        EpollRegistry(PollProvider provider, int epfd, int wakeupFd, Arena arena) {
            super(provider);
            this.epfd = epfd;
            this.wakeupFd = wakeupFd;
            this.ctlState = Downcalls.newCallState(arena);
            this.ctlEvent = arena.allocate(EPoll.SIZE, 8);
            this.postValue = arena.allocate(8, 8);
        }

        @Override
        protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
            add(fdOf(source), source, token, interests, EPoll.toEpoll(interests));
        }

        @Override
        protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
            int fd = fdOf(source);
            synchronized (table) {
                Registration r = table.registered(fd, source);
                if (r == null) {
                    throw new IOException("cannot reregister " + source + ": its descriptor " + fd
                            + " was closed behind mio's back and now belongs to another registration");
                }
                // same data: the slot and generation stay; only the token and mask change
                ctl(EPOLL_CTL_MOD, fd, EPoll.toEpoll(interests), r.data());
                table.update(r, token, interests); // EPOLL_CTL_MOD re-arms the edge
            }
        }

        @Override
        protected void implDeregister(IoSource source) throws IOException {
            remove(fdOf(source), source);
        }

        @Override
        protected Waker implNewWaker(Token token) throws IOException {
            return new EpollWaker(this, token);
        }

        void add(int fd, Object owner, Token token, Interest interests, int mask) throws IOException {
            synchronized (table) {
                int generation = table.nextGeneration(fd);
                // the kernel first: a bogus descriptor number fails here and grows no table
                ctl(EPOLL_CTL_ADD, fd, mask, RegistrationTable.data(fd, generation));
                table.add(fd, generation, owner, token, interests);
            }
        }

        void remove(int fd, Object owner) throws IOException {
            synchronized (table) {
                if (table.isReleased()) {
                    return; // the poll is closed: its epoll instance, and every registration, is gone
                }
                Registration r = table.registered(fd, owner);
                if (r == null) {
                    // the descriptor was closed behind the source's back (a SourceFd) and reused:
                    // the kernel dropped that registration; removing the new one would be wrong
                    return;
                }
                table.remove(r); // first, so a failed EPOLL_CTL_DEL leaves no stale entry
                ctl(EPOLL_CTL_DEL, fd, 0, 0);
            }
        }

        private void ctl(int op, int fd, int mask, long data) throws IOException {
            assert Thread.holdsLock(table);
            EPoll.setEvent(ctlEvent, mask, data);
            if (EPoll.epollCtl(ctlState, epfd, op, fd, ctlEvent) < 0) {
                String name = op == EPOLL_CTL_ADD ? "EPOLL_CTL_ADD" : op == EPOLL_CTL_MOD ? "EPOLL_CTL_MOD" : "EPOLL_CTL_DEL";
                throw Errno.exception("epoll_ctl(" + name + ", fd " + fd + ")", Downcalls.errno(ctlState));
            }
        }

        @Override
        public void wake() throws IOException {
            // under the table's monitor, which release() takes before implClose closes wakeupFd
            EventFdCounter.writeCounter(wakeupFd, postValue);
        }

        /**
         * Adds the events of one epoll_wait, then readiness posted from other threads, to
         * {@code events}, dropping stale ones; resets the counters of wakers that fired.
         */
        void decode(Events events, MemorySegment array, int n, MemorySegment counter) {
            synchronized (table) {
                for (int i = 0; i < n; i++) {
                    long data = EPoll.data(array, i);
                    if (data == WAKEUP_DATA) {
                        // a post, or the poll is being closed (then the base class reports nothing)
                        EventFdCounter.readCounter(wakeupFd, counter);
                        continue;
                    }
                    Registration r = table.current(data);
                    if (r == null) {
                        continue; // deregistered or closed after epoll_wait returned it
                    }
                    if (r.owner() instanceof EpollWaker) {
                        // safe because the waker deregisters under this monitor before it closes fd
                        EventFdCounter.readCounter(r.fd(), counter);
                        addEvent(events, r.token(), Readiness.READABLE);
                    } else {
                        int readiness = EPoll.toReadiness(EPoll.events(array, i));
                        ReadElision elision = r.elision();
                        if (elision != null) {
                            elision.eventDecoded(readiness); // before the user can see the event
                        }
                        addEvent(events, r.token(), readiness);
                    }
                }
                postedLeft = reportPosted(table, events);
            }
        }

        /** @return the epoll_data a registration of {@code fd} carries now (for tests of stale events) */
        long dataOf(int fd) {
            synchronized (table) {
                Registration r = table.current(fd);
                return r == null ? 0 : r.data();
            }
        }

        private static int fdOf(IoSource source) {
            // the base class checked that the source is ours, and every source of ours is an FdSource
            return ((FdSource) source).fd();
        }
    }
}
