package io.mio;

import io.mio.spi.PollProvider;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event loop's heart: waits for readiness events of the sources registered with its
 * {@link #registry()}.
 *
 * <pre>{@code
 * try (Poll poll = Poll.open()) {
 *     Events events = Events.withCapacity(128);
 *     poll.registry().register(listener, SERVER, Interest.READABLE);
 *     while (running) {
 *         poll.poll(events, Duration.ofMillis(100));
 *         for (Event event : events) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #open()} picks the best available backend found on the class or module path: epoll on
 * Linux ({@code mio-epoll}), the portable {@code java.nio} selector ({@code mio-selector}) everywhere
 * else; {@code -Dio.mio.backend=NAME} or
 * {@link #open(String)} forces one. Sources used with a poll must come from its {@link #provider()}.
 *
 * <p>One thread polls at a time; registering, reregistering, deregistering, waking, posting
 * user-space events ({@link #post}) and closing are safe from any thread; {@link Deadline}s belong to
 * the polling thread. Events may be spurious, and readiness is edge-triggered unless a
 * registration's {@link Mode} says otherwise (see {@link Registry}). Unlike {@link java.nio.channels.Selector}, a blocked poll does not return when
 * its thread is interrupted: use a {@link Waker}.
 */
public abstract class Poll implements Closeable {
    /** The token of the internal waker of posts, recognised by identity, never reported. */
    private static final Token POST_WAKER = new Token(Long.MIN_VALUE);
    private final PollProvider provider;
    /** Held by the polling thread for the whole of a poll, and by close while it releases. */
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** Posted user-space events; any thread. */
    private final UserEvents userEvents = new UserEvents();
    /** Scheduled deadlines; the polling thread's. */
    private final Deadlines deadlines = new Deadlines();
    /** Wakes a blocked poll for posts; created by the first post, under closeLock. */
    private volatile Waker postWaker;

    /**
     * Creates an open poll of {@code provider}.
     *
     * @param provider the backend
     */
    protected Poll(PollProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Opens a poll of the default backend: the one named by the system property
     * {@code io.mio.backend}, else the available backend of highest priority.
     *
     * @return a new poll
     * @throws IOException if no backend is available (the message lists each and why), or opening fails
     */
    public static Poll open() throws IOException {
        return PollProvider.systemDefault().openPoll();
    }

    /**
     * Opens a poll of the backend called {@code backend}.
     *
     * @param backend a backend name such as {@code "epoll"} or {@code "selector"}
     * @return a new poll
     * @throws IllegalArgumentException if no backend has that name (the message lists the known ones)
     * @throws IOException if that backend is unavailable here (the message says why) or opening fails
     */
    public static Poll open(String backend) throws IOException {
        return PollProvider.named(backend).openPoll();
    }

    /** {@return the backend of this poll; create its sources with it} */
    public final PollProvider provider() {
        return provider;
    }

    /** {@return the registry of this poll, the same object on every call} */
    public abstract Registry registry();

    /**
     * Waits for events and stores them in {@code events}, replacing what it held. Returns when at
     * least one event is ready, when a {@link Waker} wakes it, when a user-space event is
     * {@linkplain #post posted}, when a {@link Deadline} expires, when {@code timeout} passes, or
     * spuriously. At most {@code events.capacity()} events are returned; the rest come with the
     * next poll. A zero timeout returns at once; a system call interrupted by a signal is retried
     * with the time that remains.
     *
     * <p>The events come in this order: the OS's, then expired deadlines (earliest first), then
     * user-space events (in the order posted). While deadlines have expired or posts wait, the poll
     * does not wait and keeps half of the capacity (rounded down) for them, so neither kind starves
     * the other; with a capacity of 1, OS events go first.
     *
     * @param events where to store the events
     * @param timeout how long to wait at most; {@code null} to wait without limit
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if another thread is polling, or this thread is already polling
     * @throws ClosedPollException if this poll is closed
     * @throws IOException if the backend fails
     */
    public final void poll(Events events, Duration timeout) throws IOException {
        Objects.requireNonNull(events, "events");
        long timeoutNanos = toNanos(timeout);
        if (pollLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("poll called re-entrantly from the polling thread");
        }
        if (!pollLock.tryLock()) {
            if (closed) {
                throw new ClosedPollException(); // close holds the lock while it releases the backend
            }
            throw new IllegalStateException("another thread is already polling this Poll");
        }
        try {
            if (closed) {
                throw new ClosedPollException();
            }
            events.clear();
            pollWithUserEvents(events, timeoutNanos);
        } finally {
            pollLock.unlock();
        }
    }

    /**
     * The backend's poll, then expired deadlines, then user-space events. While deadlines have
     * expired or user-space events wait, the backend is called with a zero timeout (it is still
     * called, so OS events are never starved by a busy poster) and with half the capacity kept for
     * them; a deadline caps the wait otherwise.
     */
    private void pollWithUserEvents(Events events, long timeoutNanos) throws IOException {
        long wait = timeoutNanos;
        boolean ready = false;
        if (deadlines.size() > 0) {
            long left = deadlines.earliest() - System.nanoTime();
            if (left <= 0) {
                ready = true;
                wait = 0;
            } else if (wait < 0 || left < wait) {
                wait = left;
            }
        }
        // until the first post, no user-space event exists and the queue's monitor (three times a
        // poll) is skipped; the first post wakes the poll unconditionally, for a poll that skipped
        // beginPoll and so never said it was blocking (see post)
        boolean posts = postWaker != null;
        if (posts && userEvents.beginPoll(wait != 0)) {
            ready = true;
            wait = 0;
        }
        int slots = events.slotCount();
        try {
            events.limit(ready ? slots - slots / 2 : slots);
            implPoll(events, wait);
        } finally {
            events.limit(slots);
            if (posts) {
                userEvents.endPoll();
            }
        }
        posts = posts || postWaker != null; // a first post made during this poll is reported by it
        if (posts) {
            events.removeToken(POST_WAKER);
        }
        if (deadlines.size() > 0) {
            deadlines.fireTo(events, System.nanoTime());
        }
        if (posts) {
            userEvents.drainTo(events);
        }
    }

    /**
     * Posts a user-space event for {@code token} from any thread: the next poll returns an event
     * with that token and the readiness of {@code readiness} ({@code Interest.READABLE} gives
     * {@link Event#isReadable()}, and so on), after the OS's events and expired deadlines of that
     * poll. A poll blocked in another thread returns; while posts are pending a poll does not wait.
     *
     * <p>Posts are not coalesced: each post is one event, in the order posted, even for the same
     * token twice. Events beyond {@link Events#capacity()} come with the next polls, never lost.
     * Pending posts are held in a ring that doubles when full, so posting allocates nothing in
     * steady state (and holds memory for a poster faster than the poller: bound it yourself). The
     * first post opens an internal {@link Waker} of the backend (an eventfd on epoll), which this
     * poll closes; a post wakes it only when the poll is blocked, once per blocked poll.
     *
     * <pre>{@code
     * // a queue filled by other threads and drained by the event loop
     * Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
     * Token TASKS = new Token(0);
     * // producer thread:
     * tasks.add(task);
     * poll.post(TASKS, Interest.READABLE);
     * // event loop:
     * for (Event event : events) {
     *     if (event.token().equals(TASKS)) {
     *         Runnable task = tasks.poll();     // one post per task, so one task per event
     *         if (task != null) task.run();
     *     }
     * }
     * }</pre>
     *
     * @param token the token of the event
     * @param readiness what the event reports (its {@link Mode} plays no part)
     * @throws ClosedPollException if this poll is closed
     * @throws IOException if waking a blocked poll fails
     */
    public final void post(Token token, Interest readiness) throws IOException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(readiness, "readiness");
        if (closed) {
            throw new ClosedPollException();
        }
        // created before the event is queued, so the poller that takes the queue's lock after the
        // wake also sees the waker (and drops its event)
        Waker waker = postWaker;
        boolean first = waker == null;
        if (first) {
            waker = postWaker();
        }
        // the first post always wakes: a poll that began before the waker existed skipped the
        // queue and may be blocked without having said so (see pollWithUserEvents)
        if (userEvents.post(token, UserEvents.bitsOf(readiness)) || first) {
            try {
                waker.wake();
            } catch (IllegalStateException closedMeanwhile) {
                if (closed) {
                    throw new ClosedPollException(); // close closed the waker after our check
                }
                throw closedMeanwhile;
            }
        }
    }

    /**
     * The waker a post uses to end a blocked poll, created by the first post. A waker, not
     * {@link #implWakeup}: its event makes every backend's poll return (a backend may loop on a bare
     * wakeup that decoded nothing), and the shared code drops that event by identity.
     */
    private Waker postWaker() throws IOException {
        synchronized (closeLock) {
            if (postWaker == null) {
                if (closed) {
                    throw new ClosedPollException();
                }
                postWaker = Waker.open(registry(), POST_WAKER);
            }
            return postWaker;
        }
    }

    void schedule(Deadline deadline, long nanoTime) {
        checkDeadlineThread();
        if (closed) {
            throw new ClosedPollException();
        }
        deadlines.schedule(deadline, nanoTime);
    }

    boolean cancel(Deadline deadline) {
        checkDeadlineThread();
        return deadlines.remove(deadline);
    }

    private void checkDeadlineThread() {
        if (pollLock.isLocked() && !pollLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("another thread is polling this Poll: deadlines are used by the"
                    + " polling thread (post a user-space event to it instead)");
        }
    }

    /** {@return whether this poll is open} */
    public final boolean isOpen() {
        return !closed;
    }

    /**
     * Closes this poll: a poll blocked in another thread returns, then the backend releases its
     * resources. Sources registered with it stay open: close them yourself. Closing twice does
     * nothing.
     *
     * @throws IOException if releasing fails
     */
    @Override
    public final void close() throws IOException {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        registry().markClosed();
        implWakeup();
        pollLock.lock();
        try {
            Waker waker;
            synchronized (closeLock) {
                waker = postWaker;
            }
            try {
                if (waker != null) {
                    waker.close();
                }
            } finally {
                implClose();
            }
        } finally {
            pollLock.unlock();
        }
    }

    /**
     * Waits for events and adds them with {@link #addEvent}; {@code events} is empty on entry.
     * Called by one thread at a time, never after {@link #implClose}.
     *
     * @param events where to add events; add at most {@code events.capacity()}
     * @param timeoutNanos the longest wait in nanoseconds; 0 to return at once; -1 without limit
     * @throws IOException if the backend fails
     */
    protected abstract void implPoll(Events events, long timeoutNanos) throws IOException;

    /**
     * Makes a blocked {@link #implPoll} return soon, from any thread. Used by {@link #close()}.
     *
     * @throws IOException if the backend fails
     */
    protected abstract void implWakeup() throws IOException;

    /**
     * Releases the backend's resources. Called once, while no poll is running.
     *
     * @throws IOException if releasing fails
     */
    protected abstract void implClose() throws IOException;

    /**
     * Adds an event to {@code events}; for backends, from {@link #implPoll}.
     *
     * @param events the events being filled
     * @param token the token of the source
     * @param readiness {@link io.mio.spi.Readiness} bits
     * @return false if {@code events} is full (the event was not added)
     */
    protected static boolean addEvent(Events events, Token token, int readiness) {
        return events.add(token, readiness);
    }

    private static long toNanos(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("poll timeout must not be negative, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "Poll[" + provider.name() + (closed ? ", closed" : "") + "]";
    }
}
