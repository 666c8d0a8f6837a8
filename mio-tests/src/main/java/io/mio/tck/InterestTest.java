package io.mio.tck;

import io.mio.Interest;
import io.mio.Mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Interest} arithmetic; after mio's {@code tests/interest.rs}. The same on every backend. */
public class InterestTest extends TckBase {
    /** Creates the test. */
    public InterestTest() {
    }

    @TckTest
    void readableIsOnlyReadable() {
        assertTrue(Interest.READABLE.isReadable());
        assertFalse(Interest.READABLE.isWritable());
        assertFalse(Interest.READABLE.isPriority());
    }

    @TckTest
    void writableIsOnlyWritable() {
        assertFalse(Interest.WRITABLE.isReadable());
        assertTrue(Interest.WRITABLE.isWritable());
        assertFalse(Interest.WRITABLE.isPriority());
    }

    @TckTest
    void priorityIsOnlyPriority() {
        assertFalse(Interest.PRIORITY.isReadable());
        assertFalse(Interest.PRIORITY.isWritable());
        assertTrue(Interest.PRIORITY.isPriority());
    }

    @TckTest
    void addCombinesInterests() {
        Interest both = Interest.READABLE.add(Interest.WRITABLE);
        assertTrue(both.isReadable());
        assertTrue(both.isWritable());
        assertFalse(both.isPriority());
        assertSame(both, Interest.WRITABLE.add(Interest.READABLE));
    }

    @TckTest
    void addIsIdempotent() {
        assertSame(Interest.READABLE, Interest.READABLE.add(Interest.READABLE));
    }

    @TckTest
    void removeLeavesTheRest() {
        Interest all = Interest.READABLE.add(Interest.WRITABLE).add(Interest.PRIORITY);
        assertSame(Interest.READABLE.add(Interest.PRIORITY), all.remove(Interest.WRITABLE));
        assertSame(Interest.WRITABLE, Interest.READABLE.add(Interest.WRITABLE).remove(Interest.READABLE));
    }

    @TckTest
    void removeOfEverythingReturnsNull() {
        assertNull(Interest.READABLE.remove(Interest.READABLE));
        assertNull(Interest.READABLE.add(Interest.WRITABLE).remove(Interest.READABLE.add(Interest.WRITABLE)));
    }

    @TckTest
    void removeOfAnAbsentInterestChangesNothing() {
        assertSame(Interest.READABLE, Interest.READABLE.remove(Interest.WRITABLE));
    }

    @TckTest
    void toStringNamesEachInterest() {
        assertEquals("READABLE", Interest.READABLE.toString());
        assertEquals("READABLE | WRITABLE | PRIORITY",
                Interest.PRIORITY.add(Interest.WRITABLE).add(Interest.READABLE).toString());
    }

    @TckTest
    void edgeIsTheDefaultMode() {
        assertSame(Mode.EDGE, Interest.READABLE.mode());
        assertSame(Interest.READABLE, Interest.READABLE.with(Mode.EDGE));
    }

    @TckTest
    void withKeepsTheKindsAndAddAndRemoveKeepTheMode() {
        Interest level = Interest.READABLE.with(Mode.LEVEL);
        assertTrue(level.isReadable());
        assertFalse(level.isWritable());
        assertSame(Mode.LEVEL, level.mode());
        assertSame(level, Interest.READABLE.with(Mode.LEVEL), "each combination exists once");
        Interest both = level.add(Interest.WRITABLE);
        assertSame(Mode.LEVEL, both.mode());
        assertTrue(both.isWritable());
        assertSame(level, both.remove(Interest.WRITABLE));
        assertSame(Mode.ONESHOT, both.with(Mode.ONESHOT).mode());
        assertSame(Interest.READABLE.add(Interest.WRITABLE), both.with(Mode.EDGE));
    }

    @TckTest
    void toStringNamesAModeOtherThanEdge() {
        assertEquals("READABLE | WRITABLE (ONESHOT)",
                Interest.READABLE.add(Interest.WRITABLE).with(Mode.ONESHOT).toString());
    }
}
