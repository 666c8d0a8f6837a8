package io.mio.kqueue;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The {@code struct kevent} layouts and constants of every flavour, checked against their source of
 * truth: the Rust {@code libc} crate (github.com/rust-lang/libc at commit
 * 2eda1e52fe2efdf93c1e5c65e346343a530d8bc3): {@code src/unix/bsd/apple/mod.rs},
 * {@code src/unix/bsd/freebsdlike/freebsd/freebsd12/mod.rs} (and freebsd13/14/15, the same struct),
 * {@code src/unix/bsd/netbsdlike/netbsd/mod.rs} and {@code src/unix/bsd/netbsdlike/openbsd/mod.rs},
 * which transcribe the systems' {@code <sys/event.h>}. No BSD machine checked them here: the CI
 * workflows for macOS and FreeBSD run the whole TCK there.
 */
class KeventLayoutTest {
    private static void assertOffsets(Kevent k, long size, long filter, long flags, long fflags, long data, long udata) {
        StructLayout l = k.layout;
        assertEquals(size, k.size, k.name + " sizeof(struct kevent)");
        assertEquals(0, l.byteOffset(groupElement("ident")), k.name + " ident");
        assertEquals(filter, l.byteOffset(groupElement("filter")), k.name + " filter");
        assertEquals(flags, l.byteOffset(groupElement("flags")), k.name + " flags");
        assertEquals(fflags, l.byteOffset(groupElement("fflags")), k.name + " fflags");
        assertEquals(data, l.byteOffset(groupElement("data")), k.name + " data");
        assertEquals(udata, l.byteOffset(groupElement("udata")), k.name + " udata");
    }

    @Test
    void macosKeventIs32BytesWithAnIntptrData() {
        // ident: uintptr_t, filter: i16, flags: u16, fflags: u32, data: intptr_t, udata: *mut c_void
        Kevent k = new MacosKevent();
        assertOffsets(k, 32, 8, 10, 12, 16, 24);
        assertFilters(k, -1, -2, -10);
        assertEquals(true, k.userWake);
    }

    @Test
    void freebsd12KeventIs64BytesWithExt() {
        // the same fields with data: i64, then ext: [u64; 4] at 32; kevent@@FBSD_1.5 is the default symbol
        Kevent k = new FreeBsdKevent();
        assertOffsets(k, 64, 8, 10, 12, 16, 24);
        assertEquals(32, k.layout.byteOffset(groupElement("ext")));
        assertFilters(k, -1, -2, -11);
        assertEquals(true, k.userWake);
    }

    @Test
    void netbsdKeventIs40BytesWith32BitFilterAndFlags() {
        // filter: u32, flags: u32, fflags: u32, data: i64 (aligned to 24), udata at 32; the call is __kevent50
        Kevent k = new NetBsdKevent();
        assertOffsets(k, 40, 8, 12, 16, 24, 32);
        assertFilters(k, 0, 1, 8);
        assertEquals(false, k.userWake);
    }

    @Test
    void openbsdKeventIs32BytesWithAnI64Data() {
        Kevent k = new OpenBsdKevent();
        assertOffsets(k, 32, 8, 10, 12, 16, 24);
        assertFilters(k, -1, -2, -10);
        assertEquals(false, k.userWake);
    }

    private static void assertFilters(Kevent k, int read, int write, int user) {
        assertEquals(read, k.evfiltRead, k.name + " EVFILT_READ");
        assertEquals(write, k.evfiltWrite, k.name + " EVFILT_WRITE");
        assertEquals(user, k.evfiltUser, k.name + " EVFILT_USER");
    }

    @Test
    void flagsAreTheSameOnEveryFlavour() {
        // EV_* are u16 on macOS, FreeBSD and OpenBSD and u32 on NetBSD, with these values on all four
        assertEquals(0x1, Kevent.EV_ADD);
        assertEquals(0x2, Kevent.EV_DELETE);
        assertEquals(0x4, Kevent.EV_ENABLE);
        assertEquals(0x10, Kevent.EV_ONESHOT);
        assertEquals(0x20, Kevent.EV_CLEAR);
        assertEquals(0x40, Kevent.EV_RECEIPT);
        assertEquals(0x80, Kevent.EV_DISPATCH);
        assertEquals(0x4000, Kevent.EV_ERROR);
        assertEquals(0x8000, Kevent.EV_EOF);
        assertEquals(0x01000000, Kevent.NOTE_TRIGGER);
    }

    @Test
    void accessorsReadAndWriteEntryIOfEachFlavour() {
        for (Kevent k : new Kevent[] {new MacosKevent(), new FreeBsdKevent(), new NetBsdKevent(), new OpenBsdKevent()}) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment list = arena.allocate(k.size * 3, 8);
                for (int i = 0; i < 3; i++) {
                    k.set(list, i, 100 + i, k.evfiltWrite, Kevent.EV_ADD | Kevent.EV_EOF, 0x1234_5678_9ABC_DEF0L + i);
                    k.setFflags(list, i, 7 + i);
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(100 + i, k.ident(list, i), k.name);
                    assertEquals(k.evfiltWrite, k.filter(list, i), k.name);
                    assertEquals(Kevent.EV_ADD | Kevent.EV_EOF, k.flags(list, i), k.name + ": flags read unsigned");
                    assertEquals(7 + i, k.fflags(list, i), k.name);
                    assertEquals(0, k.data(list, i), k.name);
                    assertEquals(0x1234_5678_9ABC_DEF0L + i, k.udata(list, i), k.name);
                }
            }
        }
    }

    @Test
    void theFlavourIsChosenByOsName() {
        assertInstanceOf(MacosKevent.class, Kevent.forOs("Mac OS X"));
        assertInstanceOf(FreeBsdKevent.class, Kevent.forOs("FreeBSD"));
        assertInstanceOf(NetBsdKevent.class, Kevent.forOs("NetBSD"));
        assertInstanceOf(OpenBsdKevent.class, Kevent.forOs("OpenBSD"));
        assertNull(Kevent.forOs("Linux"));
        assertNull(Kevent.forOs("Windows 11"));
    }

    @Test
    void overTheShimTheFlavourIsFreebsds() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Kevent.LIBRARY != null, "runs over the kqueue shim");
        // the tests run with io.mio.kqueue.library naming the shim, whose ABI is FreeBSD 12's
        assertInstanceOf(FreeBsdKevent.class, Kevent.HERE);
    }
}
