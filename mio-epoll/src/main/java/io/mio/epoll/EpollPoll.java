package io.mio.epoll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdWaker;
import io.mio.posix.NativeArray;
import io.mio.posix.PollTimeouts;
import io.mio.posix.ReadElision;
import io.mio.posix.Registration;
import io.mio.posix.RegistrationTable;
import io.mio.posix.TablePoll;
import io.mio.posix.TableRegistry;
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
 * The epoll poll and its registry, as mio's {@code sys/unix/selector/epoll.rs}: the poll's two hooks
 * in {@link TablePoll}'s loop (which keeps the timeout, the EINTR retry and posted readiness): one
 * {@code epoll_wait} and the decoding of its events; close; then the registry's open, the
 * {@code epoll_ctl} of register, reregister and deregister (run in {@link TableRegistry}'s order), and
 * the wake. The flag mappings are in {@link EPoll}; the user's waker is an eventfd in an {@link FdWaker}.
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
final class EpollPoll extends TablePoll<EpollPoll.EpollRegistry> {
    /** epoll_data of the internal eventfd: descriptor -1 is never a table slot. */
    private static final long WAKEUP_DATA = -1L;

    /** The array epoll_wait fills; polling thread only. */
    final NativeArray eventArray = new NativeArray(EPoll.SIZE, 64);

    EpollPoll(PollProvider provider) throws IOException {
        super(provider, "epoll_wait", EpollRegistry::open);
    }

    @Override
    protected int kernelWait(int capacity, long nanos) {
        return EPoll.epollWait(pollState, registry.epfd, eventArray.atLeast(capacity), capacity, PollTimeouts.millis(nanos));
    }

    /** Adds the events epoll_wait returned, dropping stale ones; resets the counters of wakers that fired. */
    @Override
    protected void decode(Events events, int n) {
        MemorySegment array = eventArray.segment(); // safe because epoll_wait filled entries 0 to n - 1
        for (int i = 0; i < n; i++) {
            long data = EPoll.data(array, i);
            if (data == WAKEUP_DATA) {
                // a post (reported by the base class after these), or the poll is being closed
                FdWaker.drain(registry.wakeupFd, drain);
                continue;
            }
            Registration r = registry.table.current(data);
            if (r == null) {
                continue; // deregistered or closed after epoll_wait returned it
            }
            if (r.owner() instanceof FdWaker waker) {
                waker.fired(drain);
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
    }

    @Override
    protected void implClose() throws IOException {
        closeAll(eventArray, registry.wakeupFd, registry.epfd);
    }

    /** The registry: the epoll descriptor and the poll's eventfd, and epoll_ctl on the registration table. */
    static final class EpollRegistry extends TableRegistry {
        /** The epoll descriptor; closed by the poll's close. */
        private final int epfd;
        /** An eventfd that makes a blocked epoll_wait return: a post, or the poll is closed; closed by the poll's close. */
        private final int wakeupFd;
        /** errno of epoll_ctl; guarded by table. */
        private final MemorySegment ctlState;
        /** The struct epoll_event passed to epoll_ctl; guarded by table. */
        private final MemorySegment ctlEvent;
        /** The buffer a post writes to wakeupFd from; guarded by table. */
        private final MemorySegment postValue;

        /** Opens the epoll descriptor and its eventfd; closes them if it fails partway. */
        static EpollRegistry open(PollProvider provider, Arena arena, MemorySegment state) throws IOException {
            int ep = -1;
            int wake = -1;
            try {
                ep = EPoll.epollCreate1(state, EPoll.EPOLL_CLOEXEC);
                if (ep < 0) {
                    throw Errno.exception("epoll_create1", Downcalls.errno(state));
                }
                wake = newEventFd(state);
                EpollRegistry registry = new EpollRegistry(provider, ep, wake, arena);
                synchronized (registry.table) {
                    registry.ctl(EPOLL_CTL_ADD, wake, EPOLLIN | EPOLLET, WAKEUP_DATA);
                }
                return registry;
            } catch (IOException | RuntimeException | Error e) {
                Descriptors.closeQuietly(wake);
                Descriptors.closeQuietly(ep);
                throw e;
            }
        }

        private EpollRegistry(PollProvider provider, int epfd, int wakeupFd, Arena arena) {
            super(provider, false);
            this.epfd = epfd;
            this.wakeupFd = wakeupFd;
            this.ctlState = Downcalls.newCallState(arena);
            this.ctlEvent = arena.allocate(EPoll.SIZE, 8);
            this.postValue = arena.allocate(8, 8);
        }

        @Override
        protected void kernelAdd(int fd, Interest interests, long data) throws IOException {
            ctl(EPOLL_CTL_ADD, fd, EPoll.toEpoll(interests), data);
        }

        @Override
        protected void kernelModify(Registration r, Interest interests) throws IOException {
            // same data: the slot and generation stay; only the mask changes. EPOLL_CTL_MOD re-arms the edge
            ctl(EPOLL_CTL_MOD, r.fd(), EPoll.toEpoll(interests), r.data());
        }

        @Override
        protected void kernelDelete(int fd) throws IOException {
            ctl(EPOLL_CTL_DEL, fd, 0, 0);
        }

        @Override
        protected Waker implNewWaker(Token token) throws IOException {
            try (Arena arena = Arena.ofConfined()) {
                int efd = newEventFd(Downcalls.newCallState(arena));
                return new FdWaker(this, token, efd, efd); // an eventfd: written and read through the one descriptor
            }
        }

        private static int newEventFd(MemorySegment state) throws IOException {
            int efd = EPoll.eventfd(state, 0, EPoll.EFD_NONBLOCK | EPoll.EFD_CLOEXEC);
            if (efd < 0) {
                throw Errno.exception("eventfd", Downcalls.errno(state));
            }
            return efd;
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
            FdWaker.signal(wakeupFd, postValue);
        }

        /** @return the epoll_data a registration of {@code fd} carries now (for tests of stale events) */
        long dataOf(int fd) {
            synchronized (table) {
                Registration r = table.current(fd);
                return r == null ? 0 : r.data();
            }
        }
    }
}
