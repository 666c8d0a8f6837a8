package io.mio;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A deadline of a {@link Poll}: once scheduled and expired, a poll returns one event with its token
 * whose {@link Event#isTimer()} is true, and the deadline is no longer scheduled. Create one per
 * thing that needs a timeout (a connection, say), keep it, and schedule, reschedule or cancel it as
 * often as you like: that allocates nothing in steady state and costs O(log n) for n scheduled
 * deadlines of the poll.
 *
 * <pre>{@code
 * // a read timeout per connection: each connection owns a Deadline with its own token
 * Deadline idle = Deadline.of(poll, connectionToken);
 * idle.scheduleAfter(Duration.ofSeconds(30));
 * while (running) {
 *     poll.poll(events, null);                  // waits at most until the earliest deadline
 *     for (Event event : events) {
 *         Connection c = connections.get(event.token());
 *         if (event.isTimer()) {
 *             c.close();                        // 30 s without input
 *         } else if (event.isReadable() && c.readAll() > 0) {
 *             c.idle.scheduleAfter(Duration.ofSeconds(30));   // replaces the old time
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>A poll waits no longer than until the earliest scheduled deadline; a deadline fires at that
 * poll or later, never earlier. Precision: the backends wait in whole milliseconds, rounded up
 * (epoll: {@code epoll_wait}'s timeout; selector: {@code Selector.select(long)}), so a deadline
 * fires up to about a millisecond (plus scheduling delay) late ({@code epoll_pwait2}, which takes
 * nanoseconds on Linux 5.11 and later, is not used yet). Deadlines that expire together are
 * delivered earliest first (equal times in the order they were scheduled), at most
 * {@link Events#capacity()} per poll with the OS's events; the rest come with the next polls.
 *
 * <p>Deadlines are used by the thread that polls (or by any one thread while no poll runs), as
 * {@link Events} are: scheduling from another thread while a poll is running is rejected. To time
 * something out from another thread, post a user-space event ({@link Poll#post}) instead.
 */
public final class Deadline {
    private final Poll poll;
    private final Token token;
    /** The slot in the poll's heap, -1 when not scheduled; poller's thread. */
    int slot = -1;
    /** When it expires, in {@link System#nanoTime()} time; valid while scheduled. */
    long nanoTime;
    /** Orders deadlines of equal time by when they were scheduled. */
    long sequence;

    private Deadline(Poll poll, Token token) {
        this.poll = poll;
        this.token = token;
    }

    /**
     * Creates an unscheduled deadline of {@code poll}.
     *
     * @param poll the poll whose polls report it
     * @param token the token of its timer event
     * @return the deadline, not scheduled
     */
    public static Deadline of(Poll poll, Token token) {
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(token, "token");
        return new Deadline(poll, token);
    }

    /** {@return the token of its timer event} */
    public Token token() {
        return token;
    }

    /** {@return the poll it belongs to} */
    public Poll poll() {
        return poll;
    }

    /**
     * Schedules this deadline at {@code nanoTime}, replacing the time it had if it was scheduled. A
     * time already past fires at the next poll. Allocates nothing.
     *
     * @param nanoTime a {@link System#nanoTime()} value
     * @throws IllegalStateException if another thread is polling the poll
     * @throws ClosedPollException if the poll is closed
     */
    public void scheduleAt(long nanoTime) {
        poll.schedule(this, nanoTime);
    }

    /**
     * Schedules this deadline {@code delay} from now, replacing the time it had.
     *
     * @param delay how long from now; zero or negative fires at the next poll
     * @throws IllegalStateException if another thread is polling the poll
     * @throws ClosedPollException if the poll is closed
     */
    public void scheduleAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = delay.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
        // a half range either way keeps the wrap-safe comparison of nanoTime values right
        scheduleAt(System.nanoTime() + Math.clamp(nanos, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2));
    }

    /**
     * Schedules this deadline at the wall-clock instant {@code when}, replacing the time it had. The
     * instant is turned into monotonic time now, so a later change of the wall clock does not move it.
     *
     * @param when the instant; one already past fires at the next poll
     * @throws IllegalStateException if another thread is polling the poll
     * @throws ClosedPollException if the poll is closed
     */
    public void scheduleAt(Instant when) {
        Objects.requireNonNull(when, "when");
        scheduleAfter(Duration.between(Instant.now(), when));
    }

    /**
     * Cancels this deadline: it does not fire unless scheduled again.
     *
     * @return whether it was scheduled (false once it fired)
     * @throws IllegalStateException if another thread is polling the poll
     */
    public boolean cancel() {
        return poll.cancel(this);
    }

    /** {@return whether it is scheduled and has not fired yet} */
    public boolean isScheduled() {
        return slot >= 0;
    }

    @Override
    public String toString() {
        return "Deadline[token=" + token.value() + (slot >= 0 ? ", scheduled" : "") + "]";
    }
}
