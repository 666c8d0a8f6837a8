package io.mio.epoll;

import io.mio.ClosedPollException;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.IoSource;
import io.mio.Token;
import io.mio.Waker;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdSource;
import io.mio.posix.ReadElision;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

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
 * <p>Every registration is edge-triggered ({@code EPOLLET}). Its {@code epoll_data} is the
 * descriptor (the slot of the registration table, which is indexed by descriptor) in the low 32 bits
 * and the slot's generation in the high 32 bits. Deregistering bumps the generation, so an event the
 * kernel returned before a deregister or close is recognised as stale while decoding and dropped,
 * and decoding needs no map. The table is guarded by the registry's monitor, which the poller holds
 * while it decodes one batch; {@code epoll_wait} itself runs without it, so registering from another
 * thread while a poll is blocked takes effect in that poll (the kernel allows concurrent
 * {@code epoll_ctl}).
 *
 * <p>Memory: the event array and the capture segments live in arenas closed by {@link #implClose},
 * which runs only after any poll returned (the base class holds the poll lock) and after the registry
 * was marked closed under its monitor, so no native address is used after its arena is closed.
 */
final class EpollPoll extends Poll {
    /** epoll_data of the internal eventfd: descriptor -1 is never a table slot. */
    private static final long WAKEUP_DATA = -1L;

    /** The epoll descriptor; closed by implClose. */
    private final int epfd;
    /** An eventfd that makes a blocked epoll_wait return when the poll is closed. */
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
    /** The array epoll_wait fills, grown to the largest Events capacity seen; polling thread only. */
    private Arena eventsArena;
    private MemorySegment eventArray;
    private int eventArrayCapacity;

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
            registry = new EpollRegistry(provider, ep, arena);
        } catch (IOException | RuntimeException | Error e) {
            // partly opened: release what was made, as the JDK's EPollSelectorImpl does
            Descriptors.closeQuietly(wake);
            Descriptors.closeQuietly(ep);
            arena.close();
            throw e;
        }
        epfd = ep;
        wakeupFd = wake;
        growEventArray(64);
    }

    @Override
    public Registry registry() {
        return registry;
    }

    @Override
    protected void implPoll(Events events, long timeoutNanos) throws IOException {
        int capacity = events.capacity();
        if (capacity > eventArrayCapacity) {
            growEventArray(capacity);
        }
        MemorySegment array = eventArray;
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        int timeoutMillis = timeoutMillis(timeoutNanos);
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
                timeoutMillis = timeoutMillis(remaining);
            }
        }
        // safe because epoll_wait filled entries 0 to n - 1 of the array
        registry.decode(events, array, n, counter);
    }

    /**
     * Converts a poll timeout to epoll_wait's milliseconds, rounding up: a timeout below one
     * millisecond must not become 0, which would turn a caller's short wait into a busy loop (mio
     * does the same in its epoll selector).
     *
     * @param timeoutNanos nanoseconds; -1 for no limit
     * @return milliseconds for epoll_wait: -1, 0 only for 0, else at least 1, at most Integer.MAX_VALUE
     */
    static int timeoutMillis(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return timeoutNanos == 0 ? 0 : -1;
        }
        long millis = timeoutNanos / 1_000_000 + (timeoutNanos % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private void growEventArray(int capacity) {
        Arena grown = Arena.ofShared();
        MemorySegment array = grown.allocate(EPoll.SIZE * capacity, 8);
        if (eventsArena != null) {
            eventsArena.close();
        }
        eventsArena = grown;
        eventArray = array;
        eventArrayCapacity = capacity;
    }

    @Override
    protected void implWakeup() throws IOException {
        // only close calls this, once, before implClose frees the arena
        EventFdCounter.writeCounter(wakeupFd, wakeupValue);
    }

    @Override
    protected void implClose() throws IOException {
        // after this no registry call touches epfd or the arena (they check under the same monitor)
        registry.markReleased();
        eventsArena.close();
        try {
            Descriptors.close(wakeupFd);
        } finally {
            try {
                Descriptors.close(epfd);
            } finally {
                arena.close();
            }
        }
    }

    /** The registry: the registration table, epoll_ctl, and the decoding of a batch of events. */
    static final class EpollRegistry extends Registry {
        private final int epfd;
        /** errno of epoll_ctl; guarded by this. */
        private final MemorySegment ctlState;
        /** The struct epoll_event passed to epoll_ctl; guarded by this. */
        private final MemorySegment ctlEvent;
        /** The token of each registered descriptor, null where none; guarded by this. */
        private Token[] tokens = new Token[64];
        /** The source or waker registered per descriptor, null where none; guarded by this. */
        private Object[] owners = new Object[64];
        /** The generation of each slot, bumped by register and deregister; guarded by this. */
        private int[] generations = new int[64];
        /**
         * The {@link ReadElision} of each registered source that has one (TCP streams), null
         * elsewhere; guarded by this. Every registration is EPOLLET, so the decoder sees every edge
         * and can tell the source when a would-block read after a short read may skip its system call.
         */
        private ReadElision[] elisions = new ReadElision[64];
        /** Set by implClose: epfd and the arena are gone; guarded by this. */
        private boolean released;

        EpollRegistry(PollProvider provider, int epfd, Arena arena) {
            super(provider);
            this.epfd = epfd;
            this.ctlState = Downcalls.newCallState(arena);
            this.ctlEvent = arena.allocate(EPoll.SIZE, 8);
        }

        @Override
        protected void implRegister(IoSource source, Token token, Interest interests) throws IOException {
            add(fdOf(source), source, token, EPoll.toEpoll(interests));
        }

        @Override
        protected void implReregister(IoSource source, Token token, Interest interests) throws IOException {
            int fd = fdOf(source);
            synchronized (this) {
                ensureNotReleased();
                if (fd >= owners.length || owners[fd] != source) {
                    throw new IOException("cannot reregister " + source + ": its descriptor " + fd
                            + " was closed behind mio's back and now belongs to another registration");
                }
                // same data: the slot and generation stay; only the token and mask change
                int mask = EPoll.toEpoll(interests);
                ctl(EPOLL_CTL_MOD, fd, mask, data(fd, generations[fd]));
                tokens[fd] = token;
                if (elisions[fd] != null) {
                    // EPOLL_CTL_MOD re-arms the edge: no short read before it counts
                    elisions[fd].registered((mask & EPOLLIN) != 0);
                }
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

        synchronized void add(int fd, Object owner, Token token, int mask) throws IOException {
            ensureNotReleased();
            int generation = (fd < generations.length ? generations[fd] : 0) + 1;
            ctl(EPOLL_CTL_ADD, fd, mask, data(fd, generation));
            if (fd >= tokens.length) {
                // grown only for a descriptor the kernel accepted (a bogus huge number fails above)
                int length = Math.max(fd + 1, tokens.length * 2);
                tokens = Arrays.copyOf(tokens, length);
                owners = Arrays.copyOf(owners, length);
                generations = Arrays.copyOf(generations, length);
                elisions = Arrays.copyOf(elisions, length);
            }
            generations[fd] = generation;
            tokens[fd] = token;
            owners[fd] = owner;
            ReadElision elision = owner instanceof FdSource source ? source.readElision() : null;
            elisions[fd] = elision;
            if (elision != null) {
                elision.registered((mask & EPOLLIN) != 0);
            }
        }

        synchronized void remove(int fd, Object owner) throws IOException {
            if (released) {
                return; // the poll is closed: its epoll instance, and every registration, is gone
            }
            if (fd >= owners.length || owners[fd] != owner) {
                // the descriptor was closed behind the source's back (a SourceFd) and reused: the
                // kernel dropped that registration; removing the new one would be wrong
                return;
            }
            // forget it first, so a failed EPOLL_CTL_DEL leaves no stale entry in the table
            generations[fd]++;
            tokens[fd] = null;
            owners[fd] = null;
            forgetElision(fd);
            ctl(EPOLL_CTL_DEL, fd, 0, 0);
        }

        private void ctl(int op, int fd, int mask, long data) throws IOException {
            assert Thread.holdsLock(this);
            EPoll.setEvent(ctlEvent, mask, data);
            if (EPoll.epollCtl(ctlState, epfd, op, fd, ctlEvent) < 0) {
                String name = op == EPOLL_CTL_ADD ? "EPOLL_CTL_ADD" : op == EPOLL_CTL_MOD ? "EPOLL_CTL_MOD" : "EPOLL_CTL_DEL";
                throw Errno.exception("epoll_ctl(" + name + ", fd " + fd + ")", Downcalls.errno(ctlState));
            }
        }

        /**
         * Adds the events of one epoll_wait to {@code events}, dropping stale ones; resets the
         * counters of wakers that fired.
         */
        synchronized void decode(Events events, MemorySegment array, int n, MemorySegment counter) {
            Token[] tokens = this.tokens;
            Object[] owners = this.owners;
            int[] generations = this.generations;
            for (int i = 0; i < n; i++) {
                long data = EPoll.data(array, i);
                if (data == WAKEUP_DATA) {
                    continue; // the poll is being closed; the base class reports nothing for it
                }
                int fd = (int) data;
                if (fd >= tokens.length || generations[fd] != (int) (data >>> 32) || tokens[fd] == null) {
                    continue; // deregistered or closed after epoll_wait returned it
                }
                if (owners[fd] instanceof EpollWaker) {
                    // safe because the waker deregisters under this monitor before it closes fd
                    EventFdCounter.readCounter(fd, counter);
                    addEvent(events, tokens[fd], Readiness.READABLE);
                } else {
                    int readiness = EPoll.toReadiness(EPoll.events(array, i));
                    ReadElision elision = elisions[fd];
                    if (elision != null) {
                        elision.eventDecoded(readiness); // before the user can see the event
                    }
                    addEvent(events, tokens[fd], readiness);
                }
            }
        }

        /** @return the epoll_data a registration of {@code fd} carries now (for tests of stale events) */
        synchronized long dataOf(int fd) {
            return data(fd, fd < generations.length ? generations[fd] : 0);
        }

        private synchronized void markReleased() {
            released = true;
            // the epoll instance goes with its registrations: no edge will come for any source
            for (int fd = 0; fd < elisions.length; fd++) {
                forgetElision(fd);
            }
        }

        private void forgetElision(int fd) {
            assert Thread.holdsLock(this);
            ReadElision elision = elisions[fd];
            if (elision != null) {
                elisions[fd] = null;
                elision.deregistered();
            }
        }

        private void ensureNotReleased() {
            assert Thread.holdsLock(this);
            if (released) {
                throw new ClosedPollException();
            }
        }

        private static long data(int fd, int generation) {
            return ((long) generation << 32) | (fd & 0xFFFF_FFFFL);
        }

        private static int fdOf(IoSource source) {
            // the base class checked that the source is ours, and every source of ours is an FdSource
            return ((FdSource) source).fd();
        }
    }
}
