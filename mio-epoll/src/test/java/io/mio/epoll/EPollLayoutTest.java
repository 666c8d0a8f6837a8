package io.mio.epoll;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class EPollLayoutTest {
    @Test
    void x86_64EventIsPacked12Bytes() {
        for (String arch : new String[] {"amd64", "x86_64"}) {
            StructLayout layout = EPoll.layoutFor(arch);
            assertNotNull(layout, arch);
            assertEquals(12, layout.byteSize(), arch);
            assertEquals(0, layout.byteOffset(groupElement("events")), arch);
            assertEquals(4, layout.byteOffset(groupElement("data")), arch);
        }
    }

    @Test
    void aarch64EventIsAligned16Bytes() {
        for (String arch : new String[] {"aarch64", "riscv64", "ppc64le", "s390x"}) {
            StructLayout layout = EPoll.layoutFor(arch);
            assertNotNull(layout, arch);
            assertEquals(16, layout.byteSize(), arch);
            assertEquals(0, layout.byteOffset(groupElement("events")), arch);
            assertEquals(8, layout.byteOffset(groupElement("data")), arch);
        }
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
    void constantsAreThoseOfLinuxSysEpollH() {
        assertEquals(1, EPoll.EPOLL_CTL_ADD);
        assertEquals(2, EPoll.EPOLL_CTL_DEL);
        assertEquals(3, EPoll.EPOLL_CTL_MOD);
        assertEquals(0x1, EPoll.EPOLLIN);
        assertEquals(0x2, EPoll.EPOLLPRI);
        assertEquals(0x4, EPoll.EPOLLOUT);
        assertEquals(0x8, EPoll.EPOLLERR);
        assertEquals(0x10, EPoll.EPOLLHUP);
        assertEquals(0x2000, EPoll.EPOLLRDHUP);
        assertEquals(0x8000_0000, EPoll.EPOLLET);
        assertEquals(02000000, EPoll.EPOLL_CLOEXEC);
        assertEquals(02000000, EPoll.EFD_CLOEXEC);
        assertEquals(04000, EPoll.EFD_NONBLOCK);
    }
}
