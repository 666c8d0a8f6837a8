package io.mio.kqueue;

import java.lang.foreign.MemoryLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * OpenBSD, from {@code <sys/event.h>} (and the libc crate's {@code src/unix/bsd/netbsdlike/openbsd/mod.rs}):
 * <pre>{@code
 * struct kevent {
 *     __uintptr_t ident;    // 0
 *     short       filter;   // 8
 *     unsigned short flags; // 10
 *     unsigned int fflags;  // 12
 *     int64_t     data;     // 16
 *     void       *udata;    // 24
 * };                        // 32 bytes
 * }</pre>
 * {@code EVFILT_READ} -1, {@code EVFILT_WRITE} -2, {@code EVFILT_USER} -10 (only since OpenBSD 7.x);
 * the poll wakes by a pipe, as Rust mio does there.
 */
final class OpenBsdKevent extends Kevent {
    OpenBsdKevent() {
        super("OpenBSD", MemoryLayout.structLayout(JAVA_LONG.withName("ident"), JAVA_SHORT.withName("filter"),
                JAVA_SHORT.withName("flags"), JAVA_INT.withName("fflags"), JAVA_LONG.withName("data"),
                JAVA_LONG.withName("udata")), -1, -2, -10, false);
    }
}
