package io.mio.epoll;

import io.mio.ClosedPollException;
import io.mio.Event;
import io.mio.Events;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poll loop itself, with eventfd wakers as sources (no sockets needed). */
@Timeout(20)
class EpollPollTest {
    private static final Duration WAIT = Duration.ofMillis(500);

    @Test
    void providerIsFoundByNameAndIsTheDefaultOnLinux() throws Exception {
        PollProvider provider = PollProvider.named("epoll");
        assertTrue(provider.availability().available(), provider.availability().toString());
        assertEquals(100, provider.priority());
        try (Poll poll = Poll.open()) {
            assertEquals("epoll", poll.provider().name());
        }
    }

    @Test
    void manyWakesBeforeOnePollGiveOneReadableEventThenNone() throws Exception {
        try (Poll poll = Poll.open("epoll"); Waker waker = Waker.open(poll.registry(), new Token(7))) {
            Events events = Events.withCapacity(8);
            for (int i = 0; i < 100; i++) {
                waker.wake();
            }
            poll.poll(events, WAIT);
            assertEquals(1, events.size(), events.toString());
            assertSame(waker.token(), events.get(0).token());
            assertTrue(events.get(0).isReadable());
            // the poll read the counter back to 0 and the registration is edge-triggered
            poll.poll(events, Duration.ZERO);
            assertTrue(events.isEmpty(), events.toString());
            waker.wake();
            poll.poll(events, WAIT);
            assertEquals(1, events.size(), events.toString());
        }
    }

    @Test
    void wakeFromAnotherThreadEndsABlockedPoll() throws Exception {
        try (Poll poll = Poll.open("epoll"); Waker waker = Waker.open(poll.registry(), new Token(1))) {
            Events events = Events.withCapacity(8);
            Thread waking = Thread.ofPlatform().start(() -> {
                try {
                    waker.wake();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            poll.poll(events, null);
            waking.join();
            assertEquals(1, events.size());
            assertEquals(new Token(1), events.get(0).token());
        }
    }

    @Test
    void eventsBeyondCapacityComeWithTheNextPolls() throws Exception {
        try (Poll poll = Poll.open("epoll")) {
            List<Waker> wakers = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    wakers.add(Waker.open(poll.registry(), new Token(i)));
                }
                for (Waker waker : wakers) {
                    waker.wake();
                }
                Events events = Events.withCapacity(3);
                Set<Long> seen = new HashSet<>();
                for (int round = 0; round < 10 && seen.size() < 10; round++) {
                    poll.poll(events, WAIT);
                    assertTrue(events.size() <= 3, events.toString());
                    for (Event event : events) {
                        assertTrue(seen.add(event.token().value()), "reported twice: " + event);
                    }
                }
                assertEquals(10, seen.size(), seen.toString());
            } finally {
                for (Waker waker : wakers) {
                    waker.close();
                }
            }
        }
    }

    @Test
    void aBiggerEventsGrowsTheNativeArray() throws Exception {
        try (Poll poll = Poll.open("epoll"); Waker waker = Waker.open(poll.registry(), new Token(3))) {
            poll.poll(Events.withCapacity(1), Duration.ZERO);
            Events big = Events.withCapacity(10_000);
            waker.wake();
            poll.poll(big, WAIT);
            assertEquals(1, big.size());
            Events small = Events.withCapacity(2);
            waker.wake();
            poll.poll(small, WAIT);
            assertEquals(1, small.size());
        }
    }

    @Test
    void noEventForAWakerClosedAfterItsWake() throws Exception {
        try (Poll poll = Poll.open("epoll")) {
            Waker first = Waker.open(poll.registry(), new Token(1));
            first.wake();
            first.close();
            // likely the same descriptor number, in a new generation
            try (Waker second = Waker.open(poll.registry(), new Token(2))) {
                Events events = Events.withCapacity(8);
                poll.poll(events, Duration.ofMillis(50));
                assertTrue(events.isEmpty(), events.toString());
                second.wake();
                poll.poll(events, WAIT);
                assertEquals(1, events.size());
                assertEquals(new Token(2), events.get(0).token());
            }
            assertThrows(IllegalStateException.class, first::wake);
        }
    }

    @Test
    void subMillisecondTimeoutWaitsInsteadOfSpinning() throws Exception {
        // epoll_wait takes whole milliseconds: 0.5 ms must become 1 ms, not 0 (which returns at
        // once, and a loop around it spins); so each poll lasts at least the 1 ms it was rounded to
        try (Poll poll = Poll.open("epoll")) {
            Events events = Events.withCapacity(4);
            for (int i = 0; i < 5; i++) {
                long begin = System.nanoTime();
                poll.poll(events, Duration.ofNanos(500_000));
                long elapsed = System.nanoTime() - begin;
                assertTrue(events.isEmpty());
                assertTrue(elapsed >= 1_000_000, () -> "a 0.5 ms poll returned after " + elapsed + " ns: not rounded up");
            }
        }
    }

    @Test
    void closingThePollEndsAPollBlockedInAnotherThread() throws Exception {
        Poll poll = Poll.open("epoll");
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread poller = Thread.ofPlatform().start(() -> {
            try {
                Events events = Events.withCapacity(4);
                polling.countDown();
                poll.poll(events, null);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertTrue(polling.await(5, TimeUnit.SECONDS));
        awaitBlockedInEpollWait(poller);
        poll.close();
        poller.join(10_000);
        assertFalse(poller.isAlive(), "the blocked poll did not return after close");
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertFalse(poll.isOpen());
    }

    /** Waits (bounded) until {@code poller} is inside epoll_wait, so close races no poll entry. */
    private static void awaitBlockedInEpollWait(Thread poller) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (StackTraceElement frame : poller.getStackTrace()) {
                if (frame.getMethodName().equals("epollWait")) {
                    return;
                }
            }
            Thread.yield();
        }
        throw new AssertionError("the poller never reached epoll_wait");
    }

    @Test
    void useAfterCloseIsAnExceptionNotACrash() throws Exception {
        Poll poll = Poll.open("epoll");
        Waker waker = Waker.open(poll.registry(), new Token(1));
        poll.close();
        poll.close();
        assertThrows(ClosedPollException.class, () -> poll.poll(Events.withCapacity(1), Duration.ZERO));
        assertThrows(ClosedPollException.class, waker::wake);
        assertThrows(ClosedPollException.class, () -> Waker.open(poll.registry(), new Token(2)));
        waker.close(); // releases its eventfd; the closed poll has nothing to deregister
    }

    @Test
    void wakersAndPollsLeaveNoDescriptorOpen() throws Exception {
        long before = OpenDescriptors.count();
        for (int i = 0; i < 200; i++) {
            try (Poll poll = Poll.open("epoll"); Waker waker = Waker.open(poll.registry(), new Token(i))) {
                waker.wake();
            }
        }
        assertEquals(before, OpenDescriptors.count());
    }
}
