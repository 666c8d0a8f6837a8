package io.mio;

import io.mio.spi.Readiness;
import org.junit.jupiter.api.Test;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsTest {
    @Test
    void capacityBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Events.withCapacity(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Events.withCapacity(-5));
    }

    @Test
    void eventsBeyondCapacityAreRefusedAndIterationStopsAtSize() {
        Events events = Events.withCapacity(2);
        Token a = new Token(1);
        Token b = new Token(2);
        assertTrue(Poll.addEvent(events, a, Readiness.READABLE | Readiness.READ_CLOSED));
        assertTrue(Poll.addEvent(events, b, Readiness.WRITABLE | Readiness.ERROR));
        assertFalse(Poll.addEvent(events, new Token(3), Readiness.READABLE));
        assertEquals(2, events.size());

        Iterator<Event> it = events.iterator();
        Event first = it.next();
        assertSame(a, first.token());
        assertTrue(first.isReadable() && first.isReadClosed());
        assertFalse(first.isWritable() || first.isError() || first.isWriteClosed() || first.isPriority());
        Event second = it.next();
        assertSame(b, second.token());
        assertTrue(second.isWritable() && second.isError());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(IndexOutOfBoundsException.class, () -> events.get(2));
        assertEquals("Event[token=1, readable, read-closed]", events.get(0).toString());
    }

    @Test
    void clearEmptiesAndIteratorRestarts() {
        Events events = Events.withCapacity(4);
        Poll.addEvent(events, new Token(7), Readiness.PRIORITY);
        int seen = 0;
        for (Event event : events) {
            assertTrue(event.isPriority());
            seen++;
        }
        for (Event ignored : events) {
            seen++;
        }
        assertEquals(2, seen);
        events.clear();
        assertTrue(events.isEmpty());
        assertFalse(events.iterator().hasNext());
    }

    @Test
    void nestedLoopsOverOneEventsFailLoudlyInTheOuterLoop() {
        Events events = Events.withCapacity(4);
        Poll.addEvent(events, new Token(1), Readiness.READABLE);
        Poll.addEvent(events, new Token(2), Readiness.WRITABLE);
        int inner = 0;
        Iterator<Event> outer = events.iterator();
        outer.next();
        for (Event ignored : events) {
            inner++;
        }
        assertEquals(2, inner);
        ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, outer::hasNext);
        assertTrue(e.getMessage().contains("nested loop"), e.getMessage());
        assertThrows(ConcurrentModificationException.class, outer::next);
    }

    @Test
    void aLoopLeftEarlyDoesNotSpoilTheNextOnes() {
        Events events = Events.withCapacity(4);
        Poll.addEvent(events, new Token(1), Readiness.READABLE);
        Poll.addEvent(events, new Token(2), Readiness.WRITABLE);
        for (int round = 0; round < 3; round++) {
            for (Event ignored : events) {
                break;
            }
            int seen = 0;
            for (Event ignored : events) {
                seen++;
            }
            assertEquals(2, seen);
        }
    }

    @Test
    void iteratingOnAfterAPollIntoTheSameEventsFailsLoudly() {
        Events events = Events.withCapacity(4);
        Poll.addEvent(events, new Token(1), Readiness.READABLE);
        Iterator<Event> it = events.iterator();
        events.clear(); // what a poll does first
        Poll.addEvent(events, new Token(2), Readiness.READABLE);
        assertThrows(ConcurrentModificationException.class, it::hasNext);
        // a loop that polls and then iterates again gets a fresh iterator, not the stale one
        Iterator<Event> again = events.iterator();
        assertSame(events.get(0), again.next());
        assertThrows(ConcurrentModificationException.class, it::next);
    }
}
