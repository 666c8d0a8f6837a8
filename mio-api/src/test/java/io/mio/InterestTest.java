package io.mio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterestTest {
    @Test
    void addCombinesAndIsIdempotent() {
        Interest both = Interest.READABLE.add(Interest.WRITABLE);
        assertTrue(both.isReadable());
        assertTrue(both.isWritable());
        assertFalse(both.isPriority());
        assertSame(both, both.add(Interest.READABLE));
        assertSame(both, Interest.WRITABLE.add(Interest.READABLE));
    }

    @Test
    void removeReturnsNullWhenNothingRemains() {
        assertNull(Interest.READABLE.remove(Interest.READABLE));
        assertSame(Interest.WRITABLE, Interest.READABLE.add(Interest.WRITABLE).remove(Interest.READABLE));
        assertSame(Interest.READABLE, Interest.READABLE.remove(Interest.WRITABLE));
    }

    @Test
    void toStringNamesEachFlag() {
        assertEquals("READABLE | WRITABLE | PRIORITY",
                Interest.READABLE.add(Interest.WRITABLE).add(Interest.PRIORITY).toString());
    }
}
