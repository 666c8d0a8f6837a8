package io.mio.kqueue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * NetBSD, from {@code <sys/event.h>} (and the libc crate's {@code src/unix/bsd/netbsdlike/netbsd/mod.rs}):
 * <pre>{@code
 * struct kevent {
 *     uintptr_t ident;   // 0
 *     uint32_t  filter;  // 8
 *     uint32_t  flags;   // 12
 *     uint32_t  fflags;  // 16
 *     int64_t   data;    // 24 (after 4 bytes of padding)
 *     void     *udata;   // 32
 * };                     // 40 bytes
 * }</pre>
 * The call is {@code __kevent50} (the {@code kevent} symbol is the NetBSD 1.x compatibility one),
 * with {@code size_t} counts. Filters are non-negative: {@code EVFILT_READ} 0, {@code EVFILT_WRITE}
 * 1, {@code EVFILT_USER} 8; the poll wakes by a pipe, as Rust mio does there.
 */
final class NetBsdKevent extends Kevent {
    NetBsdKevent() {
        super("NetBSD", MemoryLayout.structLayout(JAVA_LONG.withName("ident"), JAVA_INT.withName("filter"),
                JAVA_INT.withName("flags"), JAVA_INT.withName("fflags"), MemoryLayout.paddingLayout(4),
                JAVA_LONG.withName("data"), JAVA_LONG.withName("udata")), 0, 1, 8, false);
    }

    @Override
    int kevent(MemorySegment state, int kq, MemorySegment changes, int nchanges, MemorySegment events, int nevents,
            MemorySegment timeout) {
        try {
            return (int) Call.kevent$mh.invokeExact(state, kq, changes, (long) nchanges, events, (long) nevents, timeout);
        } catch (Throwable e) {
            throw new AssertionError("__kevent50 downcall", e);
        }
    }

    private static final class Call {
        // not critical: it blocks, and a critical call would hold up the GC while it waits
        static final MethodHandle kevent$mh = handle("__kevent50",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    }
}
