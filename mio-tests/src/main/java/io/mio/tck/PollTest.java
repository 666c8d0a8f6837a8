package io.mio.tck;

import io.mio.ClosedPollException;
import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Poll and timeouts; after mio's {@code tests/poll.rs}. */
public class PollTest extends TckBase {
    private static final Token WAKE = new Token(99);

    /** Creates the test. */
    public PollTest() {
    }

    @TckTest
    void zeroTimeoutReturnsAtOnceWithoutEvents() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ZERO);
        assertTrue(events.isEmpty(), () -> "no source is registered, got " + events);
    }

    @TckTest
    void zeroTimeoutReturnsReadyEvents() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, new Token(1), Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        // readiness is there at once, but a backend may need a moment to see it: bounded retries
        boolean seen = false;
        for (int i = 0; i < 200 && !seen; i++) {
            poll.poll(events, Duration.ZERO);
            for (Event event : events) {
                seen |= event.token().equals(new Token(1)) && event.isWritable();
            }
        }
        assertTrue(seen, "a writable UDP socket must be reported by zero-timeout polls");
    }

    @TckTest
    void timeoutElapsesWithoutEvents() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        Duration timeout = Duration.ofMillis(20);
        long begin = System.nanoTime();
        poll.poll(events, timeout);
        long elapsed = System.nanoTime() - begin;
        assertTrue(events.isEmpty(), events::toString);
        // the contract's lower bound: a poll without events waits at least its timeout
        assertTrue(elapsed >= timeout.toNanos(), () -> "a poll of " + timeout + " returned after " + elapsed + " ns");
    }

    @TckTest
    void subMillisecondTimeoutIsAccepted() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        // rounded up to whole milliseconds, never down: 0.5 ms must not become a busy zero-timeout
        // poll, 1.5 ms not 1 ms (mio's epoll selector rounds the same way)
        for (long nanos : new long[] {1, 500_000, 1_500_000}) {
            long begin = System.nanoTime();
            poll.poll(events, Duration.ofNanos(nanos));
            long elapsed = System.nanoTime() - begin;
            assertTrue(events.isEmpty(), events::toString);
            assertTrue(elapsed >= nanos, () -> "a poll of " + nanos + " ns returned after " + elapsed + " ns");
        }
    }

    @TckTest
    void nullTimeoutWaitsUntilWaker() throws Exception {
        assertAWakeEndsABlockedPoll(null);
    }

    @TckTest
    void anInterruptedThreadsPollWaitsItsTimeoutAndKeepsTheInterrupt() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        Duration timeout = Duration.ofMillis(30);
        Thread.currentThread().interrupt();
        long begin = System.nanoTime();
        try {
            poll.poll(events, timeout);
        } finally {
            long elapsed = System.nanoTime() - begin;
            boolean kept = Thread.interrupted();
            // the Javadoc: a poll does not return because its thread is interrupted (use a Waker)
            assertTrue(elapsed >= timeout.toNanos(), () -> "an interrupted thread's poll returned after " + elapsed
                    + " ns, before its timeout of " + timeout);
            assertTrue(kept, "the poll must leave the thread's interrupt status set");
        }
        assertTrue(events.isEmpty(), events::toString);
    }

    @TckTest
    void interruptingABlockedPollDoesNotEndIt() throws Exception {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), BLOCKED_POLL);
        polling.awaitBlocked();
        polling.thread().interrupt();
        polling.awaitBlocked(); // still (or again) blocked in the same poll
        waker.wake();
        // had the interrupt ended the poll, it would have returned without the wake
        assertHolds(polling.join(), expect(WAKE, Ready.READABLE));
        assertTrue(polling.interruptedAfter(), "the poll must leave the thread's interrupt status set");
    }

    @TckTest
    @Requires(linux = true)
    void aSignalDuringAPollIsRetriedWithTheRemainingTime() throws Exception {
        Signals.unavailable().ifPresent(reason -> {
            throw new org.opentest4j.TestAbortedException(reason);
        });
        Poll poll = openPoll();
        Duration timeout = Duration.ofSeconds(1);
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), timeout);
        polling.awaitBlocked();
        // interrupt its wait with EINTR each time it is back in it, for the first 60% of the
        // timeout: a poll that gave up would end then, one that restarted the whole timeout after
        // the last signal would last 1.6 timeouts instead of one
        long stop = System.nanoTime() + timeout.toNanos() * 6 / 10;
        int signals = 0;
        while (polling.thread().isAlive() && System.nanoTime() - stop < 0) {
            if (polling.blocked() && Signals.interrupt(polling.kernelThreadId())) {
                signals++;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        Events events = polling.join();
        int sent = signals;
        assertTrue(sent > 0, "no signal reached the blocked poll");
        assertTrue(events.isEmpty(), events::toString);
        assertTrue(polling.elapsed().compareTo(timeout) >= 0, () -> "after " + sent + " signals the poll of " + timeout
                + " returned after " + polling.elapsed() + ": EINTR must be retried, not returned");
        assertTrue(polling.elapsed().compareTo(timeout.multipliedBy(14).dividedBy(10)) < 0, () -> "after " + sent
                + " signals the poll of " + timeout + " lasted " + polling.elapsed()
                + ": each retry must wait for the time that remains, not the whole timeout again");
    }

    @TckTest
    void steadyStatePollReadWriteAllocatesNothing() throws Exception {
        allocationCounter(); // skips, with the reason, where this JVM cannot count
        // in a JVM of its own, compiling in the foreground (-Xbatch): see SteadyStateLoop for why
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xbatch", "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                SteadyStateLoop.class.getName(), provider.name());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var stdout = child.getInputStream()) {
            output = new String(stdout.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        assertTrue(child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), () -> "[" + backend() + "] the loop ended: "
                + command);
        assertEquals(0, child.exitValue(), () -> "[" + backend() + "] the steady-state loop " + command + " said:\n"
                + output);
        String last = output.lines().reduce((first, second) -> second).orElse("");
        assertTrue(last.startsWith("allocated:"), () -> "[" + backend() + "] no figures from the loop:\n" + output);
        long lowest = java.util.Arrays.stream(last.substring("allocated:".length()).strip().split(" "))
                .mapToLong(Long::parseLong).min().orElseThrow();
        assertEquals(0, lowest, () -> "[" + backend() + "] bytes allocated per pass of 2000 rounds of write, poll"
                + " and read (" + last + ")");
    }

    /**
     * {@return this JVM's class path for a child JVM: {@code java.class.path} (Surefire's booter jar
     * names the test class path in its manifest) and the URLs of class loaders such as the console
     * launcher's}
     */
    private static String classPath() {
        List<String> entries = new java.util.ArrayList<>(List.of(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)));
        for (ClassLoader loader = PollTest.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof java.net.URLClassLoader urls) {
                for (java.net.URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (java.net.URISyntaxException | IllegalArgumentException notAFile) {
                        // not a file: a child JVM cannot use it anyway
                    }
                }
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The calling thread's allocated bytes (HotSpot's ThreadMXBean), or a skip where there is none. */
    private static java.util.function.LongSupplier allocationCounter() {
        // a direct call: reading the counter must itself allocate nothing (reflection would box)
        try {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            if (threads.getCurrentThreadAllocatedBytes() < 0) {
                throw new org.opentest4j.TestAbortedException("this JVM has thread allocation counting disabled");
            }
            return threads::getCurrentThreadAllocatedBytes;
        } catch (LinkageError | ClassCastException | UnsupportedOperationException e) {
            throw new org.opentest4j.TestAbortedException("this JVM cannot count a thread's allocated bytes: " + e);
        }
    }

    @TckTest
    void hugeTimeoutIsAcceptedAndWokenByWaker() throws Exception {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        waker.wake();
        Events events = Events.withCapacity(8);
        poll.poll(events, Duration.ofSeconds(Long.MAX_VALUE));
        assertFalse(events.isEmpty(), "a pending wake must end a poll with a huge timeout");
    }

    @TckTest
    void negativeTimeoutIsRejected() throws IOException {
        Poll poll = openPoll();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poll.poll(Events.withCapacity(1), Duration.ofMillis(-1)));
        assertMessageNames(e, "timeout", "negative");
    }

    @TckTest
    void nullEventsIsRejected() throws IOException {
        Poll poll = openPoll();
        NullPointerException e = assertThrows(NullPointerException.class, () -> poll.poll(null, Duration.ZERO));
        assertMessageNames(e, "events");
    }

    @TckTest
    void capacityIsRespectedAndTheRestComeWithTheNextPoll() throws IOException {
        Poll poll = openPoll();
        Set<Token> expected = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Token token = new Token(i);
            poll.registry().register(udp(IpFamily.IPV4), token, Interest.WRITABLE);
            expected.add(token);
        }
        Events events = Events.withCapacity(2);
        Set<Token> seen = new HashSet<>();
        for (int i = 0; i < 20 && !seen.containsAll(expected); i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            assertTrue(events.size() <= 2, () -> "a poll returned more than the capacity: " + events);
            for (Event event : events) {
                seen.add(event.token());
            }
        }
        assertEquals(expected, seen, "every ready source must be reported over successive polls");
    }

    @TckTest
    void eachPollReplacesTheEvents() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, new Token(1), Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(new Token(1), Ready.WRITABLE));
        // edge-triggered: nothing new, so the next poll holds no event
        expectNoEvents(poll, events);
        assertEquals(0, events.size());
    }

    @TckTest
    void pollOfClosedPollFails() throws IOException {
        Poll poll = openPoll();
        poll.close();
        assertFalse(poll.isOpen());
        ClosedPollException e = assertThrows(ClosedPollException.class,
                () -> poll.poll(Events.withCapacity(1), Duration.ZERO));
        assertMessageNames(e, "closed");
    }

    @TckTest
    void closingTwiceIsHarmless() throws IOException {
        Poll poll = openPoll();
        poll.close();
        poll.close();
        assertFalse(poll.isOpen());
    }

    @TckTest
    void concurrentPollFromSecondThreadIsRejected() throws Exception {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(4), BLOCKED_POLL);
        polling.awaitBlocked();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> poll.poll(Events.withCapacity(1), Duration.ZERO));
        assertMessageNames(e, "already polling");
        waker.wake();
        assertHolds(polling.join(), expect(WAKE, Ready.READABLE));
    }

    @TckTest
    void closeWhileAnotherThreadPollsReturnsThatPoll() throws Exception {
        Poll poll = openPoll();
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(4), null);
        polling.awaitBlocked();
        poll.close();
        Throwable thrown = polling.awaitEnd();
        // returning or throwing ClosedPollException are both fine: the poll noticed the close
        assertTrue(thrown == null || thrown instanceof ClosedPollException,
                () -> "a poll ended by close must return or throw ClosedPollException, threw " + thrown);
        assertFalse(poll.isOpen());
    }

    @TckTest
    void registryIsTheSameObjectOnEveryCall() throws IOException {
        Poll poll = openPoll();
        assertSame(poll.registry(), poll.registry());
        assertSame(provider, poll.provider());
        assertSame(provider, poll.registry().provider());
    }

    @TckTest
    void registryOfClosedPollRejectsRegister() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.close();
        assertFalse(poll.registry().isOpen());
        ClosedPollException e = assertThrows(ClosedPollException.class,
                () -> poll.registry().register(socket, new Token(1), Interest.READABLE));
        assertMessageNames(e, "closed");
    }

    @TckTest
    void sourcesStayUsableAfterPollIsClosed() throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        poll.registry().register(a, new Token(1), Interest.READABLE);
        poll.close();
        assertTrue(b.sendTo(ByteBuffer.wrap(new byte[] {7}), a.localAddress()));
        ByteBuffer buffer = ByteBuffer.allocate(4);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (a.receive(buffer) == null && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(1, buffer.position(), "the socket must still receive after its poll was closed");
    }

    @TckTest
    void sourceOfClosedPollCanBeRegisteredWithAnotherPoll() throws IOException {
        Poll poll = openPoll();
        UdpSocket a = udp(IpFamily.IPV4);
        UdpSocket b = udp(IpFamily.IPV4);
        poll.registry().register(a, new Token(1), Interest.READABLE);
        poll.close();
        assertTrue(b.sendTo(ByteBuffer.wrap(new byte[] {7}), a.localAddress()));
        Poll second = openPoll();
        second.registry().register(a, new Token(2), Interest.READABLE);
        expectEvents(second, Events.withCapacity(4), expect(new Token(2), Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(4);
        assertEquals(b.localAddress(), a.receive(buffer));
    }

    @TckTest
    void manyPollsCanBeOpenedAndClosed() throws IOException {
        UdpSocket socket = udp(IpFamily.IPV4);
        Events events = Events.withCapacity(1);
        for (int i = 0; i < 50; i++) {
            try (Poll poll = provider.openPoll()) {
                // each poll works: it reports the socket, which moves on to the next poll
                poll.registry().register(socket, new Token(i), Interest.WRITABLE);
                expectEvents(poll, events, expect(new Token(i), Ready.WRITABLE));
                poll.registry().deregister(socket);
            }
        }
    }

    @TckTest
    void pollToStringNamesTheBackend() throws IOException {
        Poll poll = openPoll();
        assertTrue(poll.toString().contains(backend()), poll::toString);
    }
}
