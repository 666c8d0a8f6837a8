package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Events} and {@code Event}; after mio's {@code tests/events.rs} and {@code tests/event.rs}. */
public class EventsTest extends TckBase {
    /** Creates the test. */
    public EventsTest() {
    }

    @TckTest
    void capacityZeroIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Events.withCapacity(0));
        assertMessageNames(e, "capacity", "0");
    }

    @TckTest
    void negativeCapacityIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Events.withCapacity(-5));
        assertMessageNames(e, "capacity", "-5");
    }

    @TckTest
    void newEventsAreEmptyWithTheirCapacity() {
        Events events = Events.withCapacity(16);
        assertEquals(16, events.capacity());
        assertEquals(0, events.size());
        assertTrue(events.isEmpty());
        assertFalse(events.iterator().hasNext());
    }

    @TckTest
    void getOutOfRangeIsRejected() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(4);
        poll.registry().register(udp(IpFamily.IPV4), new Token(1), Interest.WRITABLE);
        expectEvents(poll, events, expect(new Token(1), Ready.WRITABLE));
        int size = events.size();
        IndexOutOfBoundsException above = assertThrows(IndexOutOfBoundsException.class, () -> events.get(size));
        assertMessageNames(above, String.valueOf(size));
        IndexOutOfBoundsException below = assertThrows(IndexOutOfBoundsException.class, () -> events.get(-1));
        assertMessageNames(below, "-1");
    }

    @TckTest
    void iterationVisitsEachEventOnceInOrder() throws IOException {
        Poll poll = openPoll();
        for (int i = 0; i < 3; i++) {
            poll.registry().register(udp(IpFamily.IPV4), new Token(i), Interest.WRITABLE);
        }
        Events events = Events.withCapacity(8);
        // all three are writable at once: one poll returns them together (bounded, for a backend
        // that sees readiness a moment late)
        for (int i = 0; i < EXPECT_POLLS && events.size() < 3; i++) {
            poll.poll(events, EXPECT_TIMEOUT);
        }
        assertEquals(3, events.size(), () -> "three writable sockets must come in one poll: " + events);
        List<Event> iterated = new ArrayList<>();
        for (Event event : events) {
            iterated.add(event);
        }
        assertEquals(events.size(), iterated.size());
        java.util.Set<Token> tokens = new java.util.HashSet<>();
        for (int i = 0; i < iterated.size(); i++) {
            assertSame(events.get(i), iterated.get(i), "iteration follows get(i)");
            assertTrue(tokens.add(iterated.get(i).token()), () -> "an event visited twice: " + events);
        }
    }

    @TckTest
    void exhaustedIteratorThrowsNoSuchElement() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), new Token(5)));
        waker.wake();
        Events events = Events.withCapacity(4);
        expectEvents(poll, events, expect(new Token(5), Ready.READABLE));
        Iterator<Event> iterator = events.iterator();
        for (int i = 0; i < events.size(); i++) {
            iterator.next();
        }
        assertFalse(iterator.hasNext());
        assertThrows(NoSuchElementException.class, iterator::next);
    }

    @TckTest
    void clearEmptiesTheEvents() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), new Token(5)));
        waker.wake();
        Events events = Events.withCapacity(4);
        expectEvents(poll, events, expect(new Token(5)));
        events.clear();
        assertTrue(events.isEmpty());
        assertEquals(4, events.capacity());
    }

    @TckTest
    void eventToStringNamesTokenAndFlags() throws IOException {
        Poll poll = openPoll();
        Waker waker = track(Waker.open(poll.registry(), new Token(77)));
        waker.wake();
        Events events = Events.withCapacity(4);
        expectEvents(poll, events, expect(new Token(77), Ready.READABLE));
        String text = events.get(0).toString();
        assertTrue(text.contains("77") && text.contains("readable"), text);
        assertTrue(events.toString().contains("77"), events::toString);
    }

    @TckTest
    void eventsNeverReportPriorityWithoutThatInterest() throws IOException {
        Poll poll = openPoll();
        Token token = new Token(3);
        poll.registry().register(udp(IpFamily.IPV4), token, Interest.WRITABLE);
        Events events = Events.withCapacity(4);
        Seen seen = awaitEvent(poll, events, token);
        assertFalse(seen.priority(), () -> "priority without interest in it: " + seen);
        assertFalse(seen.readable(), () -> "readable without data: " + seen);
        assertFalse(seen.error() || seen.readClosed() || seen.writeClosed(), () -> "flags of a healthy socket: " + seen);
    }
}
