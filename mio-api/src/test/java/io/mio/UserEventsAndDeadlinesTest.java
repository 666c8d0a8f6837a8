package io.mio;

import io.mio.spi.Readiness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared code of user-space events and deadlines, without a real backend: the heap against a
 * sorted reference, the ring's growth, and steady state without allocation. What every backend
 * must show is in the TCK ({@code UserEventsTest}, {@code DeadlinesTest}).
 */
class UserEventsAndDeadlinesTest {
    private final FakeBackend.FakePoll poll = new FakeBackend.Up().openPoll();

    @Test
    void theHeapFiresInTheOrderOfASortedReferenceThroughRandomScheduleCancelAndFire() {
        Random random = new Random(14);
        Deadlines heap = new Deadlines();
        Deadline[] deadlines = new Deadline[300];
        for (int i = 0; i < deadlines.length; i++) {
            deadlines[i] = Deadline.of(poll, new Token(i));
        }
        // reference: (time, order of scheduling) -> index; and each index's current key
        TreeMap<long[], Integer> reference = new TreeMap<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[][] keys = new long[deadlines.length][];
        long order = 0;
        long now = 0;
        Events events = Events.withCapacity(7);
        for (int op = 0; op < 50_000; op++) {
            int i = random.nextInt(deadlines.length);
            int what = random.nextInt(10);
            if (what < 6) {
                long at = now + random.nextInt(1000); // many equal times
                heap.schedule(deadlines[i], at);
                if (keys[i] != null) {
                    reference.remove(keys[i]);
                }
                keys[i] = new long[] {at, order++};
                reference.put(keys[i], i);
            } else if (what < 9) {
                boolean was = keys[i] != null;
                assertEquals(was, heap.remove(deadlines[i]));
                if (was) {
                    reference.remove(keys[i]);
                    keys[i] = null;
                }
            } else {
                now += random.nextInt(200);
                events.clear();
                heap.fireTo(events, now);
                for (int e = 0; e < events.size(); e++) {
                    var first = reference.pollFirstEntry();
                    assertEquals((long) first.getValue(), events.get(e).token().value(), "fired out of order at op " + op);
                    assertEquals(true, first.getKey()[0] <= now);
                    keys[first.getValue()] = null;
                    assertEquals(false, deadlines[first.getValue()].isScheduled());
                }
                if (events.size() < events.capacity() && !reference.isEmpty()) {
                    assertEquals(true, reference.firstKey()[0] > now, "an expired deadline was left behind");
                }
            }
            assertEquals(reference.size(), heap.size());
            if (heap.size() > 0) {
                assertEquals(reference.firstKey()[0], heap.earliest());
            }
        }
    }

    @Test
    void theRingGrowsWhenFullAndKeepsTheOrder() {
        UserEvents ring = new UserEvents();
        Events events = Events.withCapacity(1000);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) { // past the first capacity of 16, wrapped after round 0
                ring.post(new Token(i), Readiness.READABLE);
            }
            events.clear();
            ring.drainTo(events);
            List<Long> seen = new ArrayList<>();
            for (Event event : events) {
                seen.add(event.token().value());
            }
            assertEquals(100, seen.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void postPollScheduleAndCancelAllocateNothingInSteadyState() throws Throwable {
        MethodHandle allocated = SourceDispatchTest.allocationCounter();
        assumeTrue((long) allocated.invokeExact() >= 0, "this JVM has thread allocation counting disabled");
        Events events = Events.withCapacity(8);
        Token user = new Token(1);
        Deadline[] pending = new Deadline[1000];
        for (int i = 0; i < pending.length; i++) {
            pending[i] = Deadline.of(poll, new Token(100 + i));
            pending[i].scheduleAt(System.nanoTime() + 3_600_000_000_000L + i);
        }
        Deadline moving = Deadline.of(poll, new Token(2));
        Deadline firing = Deadline.of(poll, new Token(3));
        long lowest = Long.MAX_VALUE;
        // passes until one allocates nothing: the JIT needs some to compile the loop
        for (int pass = 0; pass < 40 && lowest > 0; pass++) {
            long before = (long) allocated.invokeExact();
            for (int round = 0; round < 2_000; round++) {
                poll.post(user, Interest.READABLE);
                moving.scheduleAt(System.nanoTime() + 3_600_000_000_000L + round);
                moving.cancel();
                firing.scheduleAt(System.nanoTime() - 1);
                poll.poll(events, Duration.ZERO);
                if (events.size() != 2) {
                    throw new AssertionError("expected the timer and the user event, got " + events);
                }
            }
            lowest = Math.min(lowest, (long) allocated.invokeExact() - before);
        }
        assertEquals(0, lowest, "bytes allocated per 2000 rounds of post, schedule, cancel and poll");
    }

    @Test
    void deadlineAndPostArgumentsAreChecked() throws IOException {
        assertEquals("token", org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> Deadline.of(poll, null)).getMessage());
        assertEquals("delay", org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> Deadline.of(poll, new Token(1)).scheduleAfter(null)).getMessage());
        Deadline huge = Deadline.of(poll, new Token(1));
        huge.scheduleAfter(Duration.ofSeconds(Long.MAX_VALUE)); // clamped, not overflowed into the past
        Events events = Events.withCapacity(4);
        poll.poll(events, Duration.ZERO);
        assertEquals(0, events.size());
        huge.scheduleAfter(Duration.ofSeconds(Long.MIN_VALUE));
        poll.poll(events, Duration.ZERO);
        assertEquals(1, events.size());
        assertEquals(true, events.get(0).isTimer());
    }
}
