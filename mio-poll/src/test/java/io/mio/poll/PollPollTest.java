package io.mio.poll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is poll's own: edge emulation over a level-triggered poll, and mio's handshake for changes
 * made by another thread while a poll is blocked (wake, apply, resume).
 */
class PollPollTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    /** Waits (bounded, no sleep) until {@code poller} is inside poll(2). */
    private static void awaitBlockedInPoll(Thread poller) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Arrays.stream(poller.getStackTrace()).noneMatch(
                f -> f.getClassName().equals(PollFd.class.getName()) && f.getMethodName().equals("poll"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the poller never blocked in poll(2)");
            }
            Thread.onSpinWait();
        }
    }

    /** Runs {@code change} on another thread once this thread is blocked in poll(2). */
    private static Thread whenBlocked(AtomicReference<Throwable> failure, ThrowingRunnable change) {
        Thread poller = Thread.currentThread();
        return Thread.ofPlatform().start(() -> {
            try {
                awaitBlockedInPoll(poller);
                change.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aReadableLevelIsReportedOnceUntilAReadWouldBlock() throws Exception {
        try (Poll poll = Poll.open("poll"); Pipe pipe = Pipe.open(poll.provider())) {
            Token token = new Token(1);
            poll.registry().register(pipe.receiver(), token, Interest.READABLE);
            pipe.sender().write(ByteBuffer.wrap(new byte[] {1, 2}));
            Events events = Events.withCapacity(8);
            poll.poll(events, LONG);
            assertEquals(1, events.size(), events.toString());
            assertSame(token, events.get(0).token());

            ByteBuffer one = ByteBuffer.allocateDirect(1);
            assertEquals(1, pipe.receiver().read(one)); // a byte is still there: poll(2) alone would report it
            poll.poll(events, Duration.ofMillis(50));
            assertTrue(events.isEmpty(), "reported kind stays disarmed until would-block: " + events);

            assertEquals(1, pipe.receiver().read(one.clear()));
            assertEquals(0, pipe.receiver().read(one.clear())); // would block: re-armed
            pipe.sender().write(ByteBuffer.wrap(new byte[] {3}));
            poll.poll(events, LONG);
            assertEquals(1, events.size(), events.toString());
        }
    }

    @Test
    void aSourceRegisteredWhileThePollIsBlockedIsReportedByThatPoll() throws Exception {
        try (Poll poll = Poll.open("poll"); Pipe pipe = Pipe.open(poll.provider())) {
            pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
            Token token = new Token(2);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = whenBlocked(failure, () -> poll.registry().register(pipe.receiver(), token, Interest.READABLE));
            Events events = Events.withCapacity(8);
            long start = System.nanoTime();
            poll.poll(events, LONG);
            other.join();
            assertNull(failure.get());
            assertTrue(System.nanoTime() - start < LONG.toNanos());
            assertEquals(1, events.size(), events.toString());
            assertSame(token, events.get(0).token());
        }
    }

    @Test
    void aSourceDeregisteredWhileThePollIsBlockedReportsNothingAndThePollWaitsOn() throws Exception {
        try (Poll poll = Poll.open("poll"); Pipe pipe = Pipe.open(poll.provider())) {
            poll.registry().register(pipe.receiver(), new Token(3), Interest.READABLE);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = whenBlocked(failure, () -> {
                poll.registry().deregister(pipe.receiver());
                pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
            });
            Events events = Events.withCapacity(8);
            Duration timeout = Duration.ofMillis(300);
            long start = System.nanoTime();
            poll.poll(events, timeout);
            long elapsed = System.nanoTime() - start;
            other.join();
            assertNull(failure.get());
            assertTrue(events.isEmpty(), events.toString());
            assertTrue(elapsed >= timeout.toNanos(), "woken for the change, the poll resumes for the time that remains");
        }
    }

    @Test
    void registeringAClosedDescriptorFailsNamingEbadfAsOnEpoll() throws Exception {
        try (Poll poll = Poll.open("poll")) {
            Pipe pipe = Pipe.open(poll.provider());
            int fd = io.mio.posix.PosixSockets.fd(pipe.receiver());
            pipe.close();
            io.mio.unix.SourceFd closed = io.mio.unix.SourceFd.of(fd, poll.provider());
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> poll.registry().register(closed, new Token(4), Interest.READABLE));
            assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        }
    }
}
