package io.mio.tck;

import io.mio.ClosedPollException;
import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User-space events ({@code Poll.post}), the single-threaded seed's {@code notify}: held by the
 * shared poll code, so every backend must pass these unchanged.
 */
public class UserEventsTest extends TckBase {
    private static final Token WAKE = new Token(100);

    /** Creates the test. */
    public UserEventsTest() {
    }

    @TckTest
    void postedEventsComeInTheOrderPostedWithTheirReadiness() throws IOException {
        Poll poll = openPoll();
        poll.post(new Token(3), Interest.READABLE);
        poll.post(new Token(1), Interest.WRITABLE);
        poll.post(new Token(2), Interest.READABLE.add(Interest.PRIORITY));
        Events events = Events.withCapacity(16);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("3 r", "1 w", "2 rp"), describe(events));
        assertFalse(events.get(0).isTimer());
        expectNoEvents(poll, events);
    }

    @TckTest
    void postsForTheSameTokenAreNotCoalesced() throws IOException {
        Poll poll = openPoll();
        Token token = new Token(7);
        for (int i = 0; i < 3; i++) {
            poll.post(token, Interest.READABLE);
        }
        Events events = Events.withCapacity(16);
        poll.poll(events, Duration.ZERO);
        assertEquals(List.of("7 r", "7 r", "7 r"), describe(events));
        expectNoEvents(poll, events);
    }

    @TckTest
    void eventsBeyondCapacityCarryOverToTheNextPolls() throws IOException {
        Poll poll = openPoll();
        for (int i = 0; i < 10; i++) {
            poll.post(new Token(i), Interest.READABLE);
        }
        Events events = Events.withCapacity(4);
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            poll.poll(events, Duration.ZERO);
            assertTrue(events.size() <= 4, events::toString);
            seen.addAll(describe(events));
        }
        assertEquals(List.of("0 r", "1 r", "2 r", "3 r", "4 r", "5 r", "6 r", "7 r", "8 r", "9 r"), seen);
        expectNoEvents(poll, events);
    }

    @TckTest
    void aPostFromAnotherThreadEndsABlockedPoll() throws Exception {
        assertAPostEndsABlockedPoll(BLOCKED_POLL);
    }

    @TckTest
    void aPostEndsAPollWithoutTimeout() throws Exception {
        assertAPostEndsABlockedPoll(null);
    }

    @TckTest
    void aPostEndsEachOfSeveralBlockedPollsInTurn() throws Exception {
        Poll poll = openPoll();
        for (int round = 0; round < 3; round++) {
            assertAPostEndsABlockedPoll(poll, BLOCKED_POLL);
        }
        expectNoEvents(poll, Events.withCapacity(8));
    }

    private void assertAPostEndsABlockedPoll(Duration timeout) throws Exception {
        assertAPostEndsABlockedPoll(openPoll(), timeout);
    }

    private void assertAPostEndsABlockedPoll(Poll poll, Duration timeout) throws Exception {
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), timeout);
        polling.awaitBlocked();
        poll.post(new Token(5), Interest.WRITABLE);
        assertEquals(List.of("5 w"), describe(polling.join()), "the post's event alone (the internal wake is not reported)");
        // a poll ended by its timeout would hold the event too: the bound tells them apart
        assertTrue(polling.elapsed().compareTo(BLOCKED_POLL.dividedBy(2)) < 0, () -> "the poll took " + polling.elapsed());
    }

    @TckTest
    void aPendingPostMakesThePollReturnAtOnce() throws IOException {
        Poll poll = openPoll();
        poll.post(new Token(1), Interest.READABLE);
        Events events = Events.withCapacity(8);
        long begin = System.nanoTime();
        poll.poll(events, BLOCKED_POLL);
        long took = System.nanoTime() - begin;
        assertEquals(List.of("1 r"), describe(events));
        // a poll that waited its timeout would also have returned the event: the bound tells them apart
        assertTrue(took < BLOCKED_POLL.toNanos() / 2, () -> "the poll waited " + Duration.ofNanos(took));
    }

    @TckTest
    void aPostAndAnOsEventComeInOnePollTheOsEventFirst() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        waker.wake();
        poll.post(new Token(1), Interest.READABLE);
        Events events = Events.withCapacity(8);
        poll.poll(events, BLOCKED_POLL);
        assertEquals(List.of("100 r", "1 r"), describe(events));
    }

    @TckTest
    void osEventsLeaveRoomForPostsWhenTheyWait() throws IOException {
        Poll poll = openPoll();
        List<Waker> wakers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Waker waker = track(Waker.open(poll.registry(), new Token(100 + i)));
            waker.wake();
            wakers.add(waker);
        }
        poll.post(new Token(1), Interest.READABLE);
        Events events = Events.withCapacity(2);
        poll.poll(events, BLOCKED_POLL);
        // half the capacity was kept for the waiting post
        assertEquals(2, events.size(), events::toString);
        assertEquals("1 r", describe(events).get(1));
        // and the OS events left over are still reported
        List<String> rest = new ArrayList<>(describe(events).subList(0, 1));
        for (int i = 0; i < 3 && rest.size() < 4; i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            rest.addAll(describe(events));
        }
        assertEquals(4, rest.size(), rest::toString);
    }

    @TckTest
    void postsFromManyThreadsAreAllDeliveredInEachThreadsOrder() throws Exception {
        Poll poll = openPoll();
        int threads = 4;
        int perThread = 1000;
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(64), BLOCKED_POLL);
        polling.awaitBlocked();
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            posters.add(start("post-" + t, () -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        poll.post(new Token((long) thread * perThread + i), Interest.READABLE);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        go.countDown();
        for (Thread poster : posters) {
            join(poster);
        }
        assertNull(failure.get());
        long[] next = new long[threads];
        int received = count(polling.join(), next, perThread);
        Events events = Events.withCapacity(64);
        for (int i = 0; i < 200 && received < threads * perThread; i++) {
            poll.poll(events, Duration.ZERO);
            received += count(events, next, perThread);
        }
        assertEquals(threads * perThread, received);
        expectNoEvents(poll, events);
    }

    @TckTest
    void postingToAClosedPollIsRejected() throws IOException {
        Poll poll = openPoll();
        poll.close();
        ClosedPollException e = assertThrows(ClosedPollException.class, () -> poll.post(new Token(1), Interest.READABLE));
        assertMessageNames(e, "poll", "closed");
    }

    @TckTest
    void postingANullTokenOrReadinessIsRejected() throws IOException {
        Poll poll = openPoll();
        assertMessageNames(assertThrows(NullPointerException.class, () -> poll.post(null, Interest.READABLE)), "token");
        assertMessageNames(assertThrows(NullPointerException.class, () -> poll.post(new Token(1), null)), "readiness");
    }

    /** Counts events, checking each poster's tokens arrive in its order ({@code next} per poster). */
    private static int count(Events events, long[] next, int perThread) {
        for (Event event : events) {
            long value = event.token().value();
            int thread = (int) (value / perThread);
            assertEquals(next[thread], value % perThread, () -> "poster " + thread + " out of order: " + events);
            next[thread]++;
        }
        return events.size();
    }

    /** {@return each event as "token flags", r w p t for readable, writable, priority, timer} */
    static List<String> describe(Events events) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            out.add(event.token().value() + " " + (event.isReadable() ? "r" : "") + (event.isWritable() ? "w" : "")
                    + (event.isPriority() ? "p" : "") + (event.isTimer() ? "t" : ""));
        }
        return out;
    }
}
