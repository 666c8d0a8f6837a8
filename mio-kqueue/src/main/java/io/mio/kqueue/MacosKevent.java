package io.mio.kqueue;

import java.lang.foreign.MemoryLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * macOS's kqueue, from {@code <sys/event.h>} (and the libc crate's {@code src/unix/bsd/apple/mod.rs}):
 * <pre>{@code
 * struct kevent {
 *     uintptr_t ident;   // 0
 *     int16_t   filter;  // 8
 *     uint16_t  flags;   // 10
 *     uint32_t  fflags;  // 12
 *     intptr_t  data;    // 16
 *     void     *udata;   // 24
 * };                     // 32 bytes
 * }</pre>
 * {@code EVFILT_READ} -1, {@code EVFILT_WRITE} -2, {@code EVFILT_USER} -10; the poll wakes by
 * {@code EVFILT_USER}.
 */
final class MacosKevent extends Kevent {
    MacosKevent() {
        super("macOS", MemoryLayout.structLayout(JAVA_LONG.withName("ident"), JAVA_SHORT.withName("filter"),
                JAVA_SHORT.withName("flags"), JAVA_INT.withName("fflags"), JAVA_LONG.withName("data"),
                JAVA_LONG.withName("udata")), -1, -2, -10, true);
    }
}
