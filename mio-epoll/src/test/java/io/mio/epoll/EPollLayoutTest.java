package io.mio.epoll;

import io.mio.posix.cfacts.CFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The {@code struct epoll_event} layout of each architecture, and this machine's constants and layout
 * checked against the system headers by gcc ({@link CFacts}).
 */
class EPollLayoutTest {
    /** Packed on x86-64 only (glibc's {@code __EPOLL_PACKED}); {@code data} 8-byte aligned elsewhere. */
    @ParameterizedTest(name = "{0}: {1} bytes, data at {2}")
    @CsvSource({"amd64, 12, 4", "x86_64, 12, 4", "aarch64, 16, 8", "riscv64, 16, 8", "ppc64le, 16, 8", "s390x, 16, 8"})
    void eventLayoutOfEachArchitecture(String arch, long size, long dataOffset) {
        StructLayout layout = EPoll.layoutFor(arch);
        assertNotNull(layout, arch);
        assertEquals(size, layout.byteSize());
        assertEquals(0, layout.byteOffset(groupElement("events")));
        assertEquals(dataOffset, layout.byteOffset(groupElement("data")));
    }

    @Test
    void unknownArchitectureHasNoLayout() {
        assertNull(EPoll.layoutFor("mips64"));
        assertNull(EPoll.layoutFor("sparcv9"));
    }

    @Test
    void thisMachinesOffsetsAreDerivedFromItsLayout() {
        StructLayout layout = EPoll.layoutFor(EPoll.ARCH);
        assertNotNull(layout, "this machine's architecture " + EPoll.ARCH);
        assertEquals(layout.byteSize(), EPoll.SIZE);
        assertEquals(layout.byteOffset(groupElement("data")), EPoll.DATA_OFFSET);
        assertEquals(0, EPoll.EVENTS_OFFSET);
    }

    @Test
    void accessorsReadEntryIOfAnArray() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(EPoll.SIZE * 3, 8);
            for (int i = 0; i < 3; i++) {
                EPoll.setEvent(array.asSlice(i * EPoll.SIZE, EPoll.SIZE), 0x10 + i, 0x1234_5678_9ABC_DEF0L + i);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(0x10 + i, EPoll.events(array, i));
                assertEquals(0x1234_5678_9ABC_DEF0L + i, EPoll.data(array, i));
            }
        }
    }

    @Test
    void constantsAndThisMachinesLayoutAreThoseOfTheSystemHeaders() throws Exception {
        // EPOLLIN, EPOLL_CTL_ADD, EFD_NONBLOCK, ... and sizeof/offsetof of this architecture's struct
        CFacts.assertSameAsC("#include <sys/epoll.h>\n#include <sys/eventfd.h>", EPoll.class, "struct epoll_event",
                EPoll.LAYOUT);
    }
}
