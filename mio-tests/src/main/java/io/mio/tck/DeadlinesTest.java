package io.mio.tck;

import io.mio.ClosedPollException;
import io.mio.Deadline;
import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.mio.tck.UserEventsTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Deadline}s, the single-threaded seed's timers: held by the shared poll code, so every
 * backend must pass these unchanged. No test sleeps: time passes in polls capped by a deadline.
 */
public class DeadlinesTest extends TckBase {
    private static final long MS = 1_000_000L;

    /** Creates the test. */
    public DeadlinesTest() {
    }

    @TckTest
    void pastDeadlinesFireAtTheNextPollEarliestFirst() throws IOException {
        Poll poll = openPoll();
        long now = System.nanoTime();
        Deadline.of(poll, new Token(1)).scheduleAt(now - 3 * MS);
        Deadline.of(poll, new Token(2)).scheduleAt(now - 1 * MS);
        Deadline.of(poll, new Token(3)).scheduleAt(now - 2 * MS);
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("1 t", "3 t", "2 t"), describe(events));
        Event first = events.get(0);
        assertTrue(first.isTimer());
        assertFalse(first.isReadable() || first.isWritable() || first.isError());
    }

    @TckTest
    void equalTimesFireInTheOrderScheduled() throws IOException {
        Poll poll = openPoll();
        long at = System.nanoTime() - MS;
        for (int value : new int[] {3, 1, 4, 0, 2}) {
            Deadline.of(poll, new Token(value)).scheduleAt(at);
        }
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("3 t", "1 t", "4 t", "0 t", "2 t"), describe(events));
    }

    @TckTest
    void aDeadlineFiresAtMostOnce() throws IOException {
        Poll poll = openPoll();
        Deadline deadline = Deadline.of(poll, new Token(1));
        deadline.scheduleAt(System.nanoTime());
        assertTrue(deadline.isScheduled());
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("1 t"), describe(events));
        assertFalse(deadline.isScheduled());
        assertFalse(deadline.cancel());
        expectNoEvents(poll, events);
    }

    @TckTest
    void aDeadlineCancelledBeforeItFiresDoesNotFire() throws IOException {
        Poll poll = openPoll();
        Deadline kept = Deadline.of(poll, new Token(1));
        Deadline cancelled = Deadline.of(poll, new Token(2));
        cancelled.scheduleAfter(Duration.ofMillis(20));
        kept.scheduleAfter(Duration.ofMillis(40));
        assertTrue(cancelled.cancel());
        assertFalse(cancelled.isScheduled());
        // wait past both times: only the kept one comes
        Events events = Events.withCapacity(8);
        assertEquals(List.of("1 t"), pollUntilFired(poll, events, kept, BLOCKED_POLL));
        expectNoEvents(poll, events);
    }

    @TckTest
    void rescheduledDeadlinesFireOnceAtTheirNewTime() throws IOException {
        Poll poll = openPoll();
        long now = System.nanoTime();
        Deadline a = Deadline.of(poll, new Token(1));
        Deadline b = Deadline.of(poll, new Token(2));
        Deadline c = Deadline.of(poll, new Token(3));
        a.scheduleAt(now - 3 * MS);
        b.scheduleAt(now - 2 * MS);
        c.scheduleAt(now - 1 * MS);
        a.scheduleAt(now - MS / 2);                        // later: now after c
        c.scheduleAt(now - 4 * MS);                        // earlier: now first
        Deadline later = Deadline.of(poll, new Token(4));
        later.scheduleAt(now - 5 * MS);
        later.scheduleAfter(Duration.ofHours(1));          // moved into the future: does not fire
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("3 t", "2 t", "1 t"), describe(events));
        assertTrue(later.isScheduled());
        expectNoEvents(poll, events);
    }

    @TckTest
    void thePollWaitIsCappedByTheEarliestDeadlineAndNeverEndsItEarly() throws IOException {
        Poll poll = openPoll();
        Deadline far = Deadline.of(poll, new Token(2));
        far.scheduleAfter(Duration.ofHours(1));
        Deadline near = Deadline.of(poll, new Token(1));
        long begin = System.nanoTime();
        near.scheduleAt(begin + 50 * MS);
        // no timeout: only the deadline can end these polls
        List<String> seen = pollUntilFired(poll, Events.withCapacity(8), near, null);
        long took = System.nanoTime() - begin;
        assertEquals(List.of("1 t"), seen);
        assertTrue(took >= 50 * MS, () -> "the deadline fired early, after " + Duration.ofNanos(took));
        // upper bound with a wide margin: a poll that ignored the deadline would wait forever
        assertTrue(took < BOUND.toNanos(), () -> "the deadline fired only after " + Duration.ofNanos(took));
        assertTrue(far.isScheduled());
    }

    @TckTest
    void aLongerTimeoutIsCappedByADeadlineAndAShorterOneIsNot() throws IOException {
        Poll poll = openPoll();
        Deadline deadline = Deadline.of(poll, new Token(1));
        deadline.scheduleAfter(Duration.ofHours(1));
        Events events = Events.withCapacity(8);
        // the deadline is far: the poll's own short timeout ends it, with nothing
        expectNoEvents(poll, events);
        deadline.scheduleAfter(Duration.ofMillis(30));
        long begin = System.nanoTime();
        assertEquals(List.of("1 t"), pollUntilFired(poll, events, deadline, BLOCKED_POLL));
        long took = System.nanoTime() - begin;
        assertTrue(took < BLOCKED_POLL.toNanos() / 2, () -> "the poll waited " + Duration.ofNanos(took));
    }

    @TckTest
    void manyExpiredDeadlinesAreDeliveredAcrossPollsByCapacityEarliestFirst() throws IOException {
        Poll poll = openPoll();
        long now = System.nanoTime();
        for (int i = 9; i >= 0; i--) {
            Deadline.of(poll, new Token(i)).scheduleAt(now - (10 - i) * MS);
        }
        Events events = Events.withCapacity(4);
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            poll.poll(events, Duration.ZERO);
            assertTrue(events.size() <= 4);
            seen.addAll(describe(events));
        }
        assertEquals(List.of("0 t", "1 t", "2 t", "3 t", "4 t", "5 t", "6 t", "7 t", "8 t", "9 t"), seen);
        expectNoEvents(poll, events);
    }

    @TckTest
    void aDeadlineAndAnOsEventComeInOnePollTheOsEventFirst() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), new Token(100)));
        waker.wake();
        Deadline.of(poll, new Token(1)).scheduleAt(System.nanoTime() - MS);
        poll.post(new Token(2), Interest.READABLE);
        Events events = Events.withCapacity(8);
        poll.poll(events, BLOCKED_POLL);
        assertEquals(List.of("100 r", "1 t", "2 r"), describe(events));
    }

    @TckTest
    void aDeadlineAtAPastInstantFiresAndAFutureOneWaits() throws IOException {
        Poll poll = openPoll();
        Deadline past = Deadline.of(poll, new Token(1));
        Deadline future = Deadline.of(poll, new Token(2));
        past.scheduleAt(Instant.now().minusSeconds(1));
        future.scheduleAt(Instant.now().plusSeconds(3600));
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("1 t"), describe(events));
        assertTrue(future.isScheduled());
    }

    @TckTest
    void schedulingFromAnotherThreadWhileAPollRunsIsRejected() throws Exception {
        Poll poll = openPoll();
        Deadline deadline = Deadline.of(poll, new Token(1));
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), BLOCKED_POLL);
        polling.awaitBlocked();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> deadline.scheduleAt(System.nanoTime()));
        assertMessageNames(e, "polling thread");
        assertFalse(deadline.isScheduled());
        poll.post(new Token(9), Interest.READABLE); // ends the blocked poll
        assertHolds(polling.join(), expect(new Token(9), Ready.READABLE));
    }

    @TckTest
    void schedulingOnAClosedPollIsRejected() throws IOException {
        Poll poll = openPoll();
        Deadline deadline = Deadline.of(poll, new Token(1));
        poll.close();
        assertThrows(ClosedPollException.class, () -> deadline.scheduleAfter(Duration.ZERO));
        assertFalse(deadline.cancel());
    }

    /** Polls (at most 100 times: spurious returns are allowed) until {@code deadline} fired; returns what came. */
    private static List<String> pollUntilFired(Poll poll, Events events, Deadline deadline, Duration timeout)
            throws IOException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 100 && deadline.isScheduled(); i++) {
            poll.poll(events, timeout);
            seen.addAll(describe(events));
        }
        assertFalse(deadline.isScheduled(), () -> "the deadline did not fire; saw " + seen);
        return seen;
    }
}
