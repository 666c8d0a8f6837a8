package io.mio.tck;

import io.mio.ClosedPollException;
import io.mio.Event;
import io.mio.Events;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Waker}; after mio's {@code tests/waker.rs} and regression issue 1205. */
public class WakerTest extends TckBase {
    private static final Token WAKE = new Token(10);

    /** Creates the test. */
    public WakerTest() {
    }

    @TckTest
    void wakeBeforePollGivesAReadableEventWithTheToken() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        assertEquals(WAKE, waker.token());
        waker.wake();
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(WAKE, Ready.READABLE));
    }

    @TckTest
    void noEventWithoutWake() throws IOException {
        Poll poll = openPoll();
        track(Waker.open(poll.registry(), WAKE));
        expectNoEvents(poll, Events.withCapacity(8));
    }

    @TckTest
    void wakeFromAnotherThreadEndsABlockedPoll() throws Exception {
        assertAWakeEndsABlockedPoll(BLOCKED_POLL);
    }

    @TckTest
    void manyWakesBeforeAPollGiveAtLeastOneEvent() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        for (int i = 0; i < 1000; i++) {
            waker.wake();
        }
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(WAKE, Ready.READABLE));
        // and they are drained by it: no event until the next wake
        expectNoEventFor(poll, events, WAKE);
    }

    @TckTest
    void wakingAgainAfterAnEventGivesAnotherEvent() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        Events events = Events.withCapacity(8);
        for (int round = 0; round < 3; round++) {
            waker.wake();
            expectEvents(poll, events, expect(WAKE, Ready.READABLE));
            // the event drained the wake: a waker that stays ready would be reported again here
            expectNoEventFor(poll, events, WAKE);
        }
    }

    @TckTest
    void manyThreadsWakingGiveEvents() throws Exception {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), BLOCKED_POLL);
        polling.awaitBlocked();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < 4; t++) {
            threads.add(start("wake-" + t, () -> {
                try {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        waker.wake();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            join(thread);
        }
        assertNull(failure.get());
        // the threads woke the blocked poll; whatever wakes came after it are reported by the next
        // poll at most, and then the waker is quiet
        assertHolds(polling.join(), expect(WAKE, Ready.READABLE));
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        expectNoEventFor(poll, events, WAKE);
    }

    @TckTest
    void wakeAfterCloseIsRejected() throws IOException {
        Poll poll = openPoll();
        Waker waker = Waker.open(poll.registry(), WAKE);
        waker.close();
        waker.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, waker::wake);
        assertMessageNames(e, "waker", "closed");
    }

    @TckTest
    void wakeAfterPollIsClosedIsRejected() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        poll.close();
        ClosedPollException e = assertThrows(ClosedPollException.class, waker::wake);
        assertMessageNames(e, "poll", "closed");
    }

    @TckTest
    void openingAWakerOnAClosedPollIsRejected() throws IOException {
        Poll poll = openPoll();
        poll.close();
        assertThrows(ClosedPollException.class, () -> Waker.open(poll.registry(), WAKE));
    }

    @TckTest
    void openingAWakerWithNullTokenIsRejected() throws IOException {
        Poll poll = openPoll();
        NullPointerException e = assertThrows(NullPointerException.class, () -> Waker.open(poll.registry(), null));
        assertMessageNames(e, "token");
    }

    @TckTest
    void wakerEventComesAloneAfterADeregisteredListenerIssue1205() throws Exception {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        io.mio.net.TcpListener listener =
                track(io.mio.net.TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, new Token(1), io.mio.Interest.READABLE);
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        track(io.mio.net.TcpStream.connect(listener.localAddress(), provider));
        poll.registry().deregister(listener);
        BackgroundPoll polling = pollOnAnotherThread(poll, events, BLOCKED_POLL);
        polling.awaitBlocked();
        waker.wake();
        assertHolds(polling.join(), expect(WAKE, Ready.READABLE));
        for (Event event : events) {
            assertEquals(WAKE, event.token(), () -> "the deregistered listener must not be reported: " + events);
        }
        // nor by any later poll
        expectNoEvents(poll, events);
    }
}
