package io.mio.epoll;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.posix.PosixSockets;
import io.mio.posix.Registration;
import io.mio.spi.Readiness;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness posted to a registration from another thread ({@link Registration#post}) wakes a
 * blocked epoll poll, which reports it under the registration's token; nothing is reported for a
 * registration that ended.
 */
class PostedReadinessTest {
    private static Registration registrationOf(Poll poll, Pipe.Receiver receiver) {
        EpollPoll.EpollRegistry registry = (EpollPoll.EpollRegistry) poll.registry();
        synchronized (registry.table) {
            return registry.table.current(PosixSockets.fd(receiver));
        }
    }

    /** Waits (bounded, no sleep) until {@code poller} is inside epoll_wait. */
    private static void awaitBlockedInEpollWait(Thread poller) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Arrays.stream(poller.getStackTrace()).noneMatch(f -> f.getMethodName().equals("epollWait"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the poller never blocked in epoll_wait");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void readinessPostedWhileThePollIsBlockedIsReportedUnderTheToken() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe pipe = Pipe.open(poll.provider())) {
            Token token = new Token(42);
            poll.registry().register(pipe.receiver(), token, Interest.READABLE);
            Registration registration = registrationOf(poll, pipe.receiver());
            Thread poller = Thread.currentThread();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread poster = Thread.ofPlatform().start(() -> {
                try {
                    awaitBlockedInEpollWait(poller);
                    assertTrue(registration.post(Readiness.WRITABLE));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            Events events = Events.withCapacity(8);
            long start = System.nanoTime();
            poll.poll(events, Duration.ofSeconds(30));
            poster.join();
            assertNull(failure.get());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "the post woke the poll");
            assertEquals(1, events.size(), events.toString());
            Event event = events.get(0);
            assertSame(token, event.token());
            assertTrue(event.isWritable());
            assertFalse(event.isReadable(), "only what was posted: the pipe is empty");

            poll.poll(events, Duration.ZERO);
            assertTrue(events.isEmpty(), "a post is reported once: " + events);
        }
    }

    @Test
    void readinessPostedBeyondTheEventsCapacityWaitsForTheNextPoll() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe a = Pipe.open(poll.provider()); Pipe b = Pipe.open(poll.provider())) {
            poll.registry().register(a.receiver(), new Token(1), Interest.READABLE);
            poll.registry().register(b.receiver(), new Token(2), Interest.READABLE);
            assertTrue(registrationOf(poll, a.receiver()).post(Readiness.READABLE));
            assertTrue(registrationOf(poll, b.receiver()).post(Readiness.READABLE));
            Events one = Events.withCapacity(1);
            poll.poll(one, Duration.ofSeconds(10));
            assertEquals(1, one.get(0).token().value());
            poll.poll(one, Duration.ofSeconds(10)); // would block 10 s if the second post were lost
            assertEquals(1, one.size());
            assertEquals(2, one.get(0).token().value());
        }
    }

    @Test
    void aPostToADeregisteredSourceIsDropped() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe pipe = Pipe.open(poll.provider())) {
            poll.registry().register(pipe.receiver(), new Token(1), Interest.READABLE);
            Registration registration = registrationOf(poll, pipe.receiver());
            assertTrue(registration.post(Readiness.READABLE));
            poll.registry().deregister(pipe.receiver());
            assertFalse(registration.post(Readiness.READABLE));
            Events events = Events.withCapacity(8);
            poll.poll(events, Duration.ofMillis(50));
            assertTrue(events.isEmpty(), events.toString());
        }
    }
}
