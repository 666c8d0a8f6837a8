package io.mio.net;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnixAddressTest {
    @Test
    void pathAbstractAndUnnamedAreDistinct() {
        UnixAddress path = UnixAddress.of(Path.of("/tmp/mio.sock"));
        UnixAddress abstractName = UnixAddress.ofAbstract("mio");
        assertEquals(Path.of("/tmp/mio.sock"), path.path());
        assertNull(path.abstractName());
        assertFalse(path.isAbstract() || path.isUnnamed());
        assertArrayEquals("mio".getBytes(), abstractName.abstractName());
        assertTrue(abstractName.isAbstract());
        assertNull(abstractName.path());
        assertTrue(UnixAddress.unnamed().isUnnamed());
        assertNotEquals(path, abstractName);
        assertEquals(abstractName, UnixAddress.ofAbstract("mio".getBytes()));
        assertEquals("@mio", abstractName.toString());
    }

    @Test
    void abstractNameIsCopiedBothWays() {
        byte[] name = {1, 2, 3};
        UnixAddress address = UnixAddress.ofAbstract(name);
        name[0] = 9;
        address.abstractName()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, address.abstractName());
    }

    @Test
    void emptyPathIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.of(Path.of("")));
    }
}
