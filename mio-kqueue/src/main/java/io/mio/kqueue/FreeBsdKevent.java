package io.mio.kqueue;

import java.lang.foreign.MemoryLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * FreeBSD 12 and later (and the kqueue shim of the tests), from {@code <sys/event.h>} (and the libc
 * crate's {@code src/unix/bsd/freebsdlike/freebsd/freebsd12/mod.rs} and later):
 * <pre>{@code
 * struct kevent {
 *     __uintptr_t ident;    // 0
 *     short       filter;   // 8
 *     unsigned short flags; // 10
 *     unsigned int fflags;  // 12
 *     __int64_t   data;     // 16
 *     void       *udata;    // 24
 *     __uint64_t  ext[4];   // 32
 * };                        // 64 bytes
 * }</pre>
 * FreeBSD 12 grew the struct; the default version of the symbol {@code kevent} is the new one
 * ({@code kevent@@FBSD_1.5}; the 32-byte one is {@code kevent@FBSD_1.0}), which is what a plain
 * lookup finds. {@code EVFILT_READ} -1, {@code EVFILT_WRITE} -2, {@code EVFILT_USER} -11; the poll
 * wakes by {@code EVFILT_USER}.
 */
final class FreeBsdKevent extends Kevent {
    FreeBsdKevent() {
        super("FreeBSD 12+", MemoryLayout.structLayout(JAVA_LONG.withName("ident"), JAVA_SHORT.withName("filter"),
                JAVA_SHORT.withName("flags"), JAVA_INT.withName("fflags"), JAVA_LONG.withName("data"),
                JAVA_LONG.withName("udata"), MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("ext")),
                -1, -2, -11, true);
    }
}
