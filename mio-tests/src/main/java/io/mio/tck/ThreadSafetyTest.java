package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry from many threads while one polls; after mio's
 * {@code registry_operations_are_thread_safe} and {@code register_during_poll} in {@code tests/poll.rs}.
 */
public class ThreadSafetyTest extends TckBase {
    private static final Token WAKE = new Token(-1);

    /** Creates the test. */
    public ThreadSafetyTest() {
    }

    /** Polls on a thread of its own until stopped, recording every token it sees. */
    private Thread poller(Poll poll, Set<Token> seen, AtomicBoolean stop, AtomicReference<Throwable> failure) {
        return start("poller", () -> {
            Events events = Events.withCapacity(64);
            try {
                while (!stop.get()) {
                    poll.poll(events, Duration.ofMillis(100));
                    for (Event event : events) {
                        if (event.isReadable()) {
                            seen.add(event.token());
                        }
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
    }

    @TckTest
    void noEventIsLostWhileThreadsRegisterAndDeregisterConcurrently() throws Exception {
        Poll poll = openPoll();
        Set<Token> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread polling = poller(poll, seen, stop, failure);
        int threads = 4;
        int perThread = 25;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * 1000;
            workers.add(start("churn-" + t, () -> {
                try (UdpSocket sender = UdpSocket.bind(loopback(IpFamily.IPV4), provider)) {
                    for (int i = 0; i < perThread; i++) {
                        Token token = new Token(base + i);
                        UdpSocket socket = track(UdpSocket.bind(loopback(IpFamily.IPV4), provider));
                        poll.registry().register(socket, token, Interest.READABLE);
                        if (i % 3 == 0) {
                            poll.registry().reregister(socket, token, Interest.READABLE.add(Interest.WRITABLE));
                        }
                        sender.sendTo(ByteBuffer.wrap(new byte[] {1}), socket.localAddress());
                        long deadline = System.nanoTime() + BOUND.toNanos();
                        while (!seen.contains(token) && System.nanoTime() - deadline < 0) {
                            Thread.onSpinWait();
                        }
                        if (!seen.contains(token)) {
                            throw new AssertionError("[" + backend() + "] event for token " + token.value() + " lost");
                        }
                        if (i % 2 == 0) {
                            poll.registry().deregister(socket);
                        } else {
                            socket.close();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }));
        }
        boolean finished = done.await(15, TimeUnit.SECONDS);
        stop.set(true);
        join(polling);
        for (Thread worker : workers) {
            join(worker);
        }
        assertNull(failure.get(), () -> "failure: " + failure.get());
        assertTrue(finished, "the workers did not finish");
        assertEquals(threads * perThread, seen.size());
    }

    @TckTest
    void wakersAndRegistrationsFromManyThreadsDoNotBreakThePoll() throws Exception {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), WAKE));
        Set<Token> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread polling = poller(poll, seen, stop, failure);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int base = t * 1000;
            workers.add(start("mixed-" + t, () -> {
                try {
                    for (int i = 0; i < 30; i++) {
                        UdpSocket socket = track(UdpSocket.bind(loopback(IpFamily.IPV4), provider));
                        poll.registry().register(socket, new Token(base + i), Interest.WRITABLE);
                        waker.wake();
                        poll.registry().reregister(socket, new Token(base + i), Interest.READABLE);
                        poll.registry().deregister(socket);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread worker : workers) {
            join(worker);
        }
        waker.wake();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!seen.contains(WAKE) && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        stop.set(true);
        join(polling);
        assertNull(failure.get(), () -> "failure: " + failure.get());
        assertTrue(seen.contains(WAKE), "the waker's event must arrive");
    }

    @TckTest
    void registeringFromManyThreadsAtOnceRegistersEverySource() throws Exception {
        Poll poll = openPoll();
        int threads = 4;
        int perThread = 20;
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * 100;
            workers.add(start("register-" + t, () -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        poll.registry().register(track(UdpSocket.bind(loopback(IpFamily.IPV4), provider)),
                                new Token(base + i), Interest.WRITABLE);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        go.countDown();
        for (Thread worker : workers) {
            join(worker);
        }
        assertNull(failure.get());
        Set<Token> seen = new java.util.HashSet<>();
        Events events = Events.withCapacity(128);
        for (int i = 0; i < EXPECT_POLLS * 2 && seen.size() < threads * perThread; i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (Event event : events) {
                seen.add(event.token());
            }
        }
        assertEquals(threads * perThread, seen.size(), "every registered writable socket must be reported");
    }
}
