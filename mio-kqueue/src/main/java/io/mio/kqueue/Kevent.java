package io.mio.kqueue;

import io.mio.posix.Downcalls;
import io.mio.spi.Readiness;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The facts of one kqueue flavour: the {@code struct kevent} layout, the filter values and the
 * {@code kevent} call, with accessors that read entry {@code i} of a native array (nothing here
 * allocates). One subclass per flavour ({@link MacosKevent}, {@link FreeBsdKevent},
 * {@link NetBsdKevent}, {@link OpenBsdKevent}); {@link #HERE} is the running system's, chosen at
 * run time. The flag values are the same on every flavour (the Rust {@code libc} crate's
 * {@code src/unix/bsd}, checked by {@code KeventLayoutTest}).
 */
abstract class Kevent {
    /** {@code EV_ADD}: add the knote, or modify it. */
    static final int EV_ADD = 0x1;
    /** {@code EV_DELETE}: remove the knote. */
    static final int EV_DELETE = 0x2;
    /** {@code EV_ENABLE}: enable the knote (again, after {@code EV_DISPATCH} disabled it). */
    static final int EV_ENABLE = 0x4;
    /** {@code EV_ONESHOT}: delete the knote after its first event. */
    static final int EV_ONESHOT = 0x10;
    /** {@code EV_CLEAR}: reset the state once the event is retrieved (edge-triggered). */
    static final int EV_CLEAR = 0x20;
    /** {@code EV_RECEIPT}: return every change's outcome as an EV_ERROR entry (data 0 for success). */
    static final int EV_RECEIPT = 0x40;
    /** {@code EV_DISPATCH}: disable the knote after its first event. */
    static final int EV_DISPATCH = 0x80;
    /** {@code EV_ERROR}: the entry reports a change's errno in {@code data}. */
    static final int EV_ERROR = 0x4000;
    /** {@code EV_EOF}: the filter's end (read or write side closed); {@code fflags} holds a socket error. */
    static final int EV_EOF = 0x8000;
    /** {@code NOTE_TRIGGER}: fire an {@code EVFILT_USER} knote. */
    static final int NOTE_TRIGGER = 0x01000000;


    /** The system property naming a kqueue library to load instead of the C library's (the Linux shim). */
    static final String LIBRARY_PROPERTY = "io.mio.kqueue.library";
    /** The environment variable that does the same where no property is set: child JVMs inherit it. */
    static final String LIBRARY_VARIABLE = "MIO_KQUEUE_LIBRARY";
    /** The library named by {@link #LIBRARY_PROPERTY} or {@link #LIBRARY_VARIABLE}, or null. */
    static final String LIBRARY = library(System.getProperty(LIBRARY_PROPERTY), System.getenv(LIBRARY_VARIABLE));

    /** The running system's flavour: FreeBSD's over the shim; else by {@code os.name}; null if none. */
    static final Kevent HERE = LIBRARY != null ? new FreeBsdKevent() : forOs(System.getProperty("os.name", ""));

    /** The flavour's name, for messages. */
    final String name;
    /** {@code struct kevent}. */
    final StructLayout layout;
    /** {@code sizeof(struct kevent)}: the stride of an array. */
    final long size;
    private final long identOffset;
    private final long filterOffset;
    private final long flagsOffset;
    private final long fflagsOffset;
    private final long dataOffset;
    private final long udataOffset;
    /** Whether filter and flags are 32-bit (NetBSD) rather than 16-bit. */
    private final boolean wide;
    /** {@code EVFILT_READ}. */
    final int evfiltRead;
    /** {@code EVFILT_WRITE}. */
    final int evfiltWrite;
    /** {@code EVFILT_USER}. */
    final int evfiltUser;
    /** Whether the poll's own wake is an {@code EVFILT_USER} knote (as Rust mio on macOS and FreeBSD), else a pipe. */
    final boolean userWake;

    Kevent(String name, StructLayout layout, int evfiltRead, int evfiltWrite, int evfiltUser, boolean userWake) {
        this.name = name;
        this.layout = layout;
        this.size = layout.byteSize();
        this.identOffset = layout.byteOffset(groupElement("ident"));
        this.filterOffset = layout.byteOffset(groupElement("filter"));
        this.flagsOffset = layout.byteOffset(groupElement("flags"));
        this.fflagsOffset = layout.byteOffset(groupElement("fflags"));
        this.dataOffset = layout.byteOffset(groupElement("data"));
        this.udataOffset = layout.byteOffset(groupElement("udata"));
        this.wide = layout.select(groupElement("filter")).byteSize() == 4;
        this.evfiltRead = evfiltRead;
        this.evfiltWrite = evfiltWrite;
        this.evfiltUser = evfiltUser;
        this.userWake = userWake;
    }

    /** @return the property's library, else the variable's; null if neither names one (empty names none) */
    static String library(String property, String variable) {
        String name = property != null && !property.isEmpty() ? property : variable;
        return name == null || name.isEmpty() ? null : name;
    }

    /**
     * The flavour of an OS.
     *
     * @param osName an {@code os.name} value
     * @return its flavour, or null where there is no kqueue (Linux, Windows)
     */
    static Kevent forOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return new MacosKevent();
        }
        if (os.equals("freebsd") || os.startsWith("dragonfly")) {
            return new FreeBsdKevent();
        }
        if (os.equals("netbsd")) {
            return new NetBsdKevent();
        }
        if (os.equals("openbsd")) {
            return new OpenBsdKevent();
        }
        return null;
    }

    /**
     * {@code int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent
     * *eventlist, int nevents, const struct timespec *timeout)} (NetBSD: {@code size_t} counts).
     *
     * @param state the capture segment errno is saved in
     * @param kq the kqueue
     * @param changes the change list ({@code nchanges} entries)
     * @param nchanges the changes
     * @param events the event list ({@code nevents} entries)
     * @param nevents the most events to return
     * @param timeout a timespec, or {@link MemorySegment#NULL} to wait without limit
     * @return the entries placed in the event list, or -1 with errno in {@code state}
     */
    int kevent(MemorySegment state, int kq, MemorySegment changes, int nchanges, MemorySegment events, int nevents,
            MemorySegment timeout) {
        try {
            return (int) IntCounts.kevent$mh.invokeExact(state, kq, changes, nchanges, events, nevents, timeout);
        } catch (Throwable e) {
            throw new AssertionError("kevent downcall", e);
        }
    }

    /**
     * {@code int kqueue(void)}.
     *
     * @param state the capture segment errno is saved in
     * @return the kqueue descriptor, or -1 with errno in {@code state}
     */
    static int kqueue(MemorySegment state) {
        try {
            return (int) Calls.kqueue$mh.invokeExact(state);
        } catch (Throwable e) {
            throw new AssertionError("kqueue downcall", e);
        }
    }

    /** Makes the handle of a symbol of the kqueue library: the shim's if named, else the C library's. */
    static MethodHandle handle(String symbol, FunctionDescriptor descriptor) {
        return Calls.SHIM == null ? Downcalls.blocking(symbol, descriptor)
                : Downcalls.blocking(Calls.SHIM, symbol, descriptor);
    }

    /** Writes entry {@code i} of a change list; ext[] (FreeBSD) is left zero. */
    final void set(MemorySegment list, int i, long ident, int filter, int flags, long udata) {
        long base = i * size;
        list.set(JAVA_LONG, base + identOffset, ident);
        if (wide) {
            list.set(JAVA_INT, base + filterOffset, filter);
            list.set(JAVA_INT, base + flagsOffset, flags);
        } else {
            list.set(JAVA_SHORT, base + filterOffset, (short) filter);
            list.set(JAVA_SHORT, base + flagsOffset, (short) flags);
        }
        list.set(JAVA_INT, base + fflagsOffset, 0);
        list.set(JAVA_LONG, base + dataOffset, 0);
        list.set(JAVA_LONG, base + udataOffset, udata);
    }

    /** Writes the {@code fflags} of entry {@code i} (NOTE_TRIGGER). */
    final void setFflags(MemorySegment list, int i, int fflags) {
        list.set(JAVA_INT, i * size + fflagsOffset, fflags);
    }

    final long ident(MemorySegment list, int i) {
        return list.get(JAVA_LONG, i * size + identOffset);
    }

    final int filter(MemorySegment list, int i) {
        return wide ? list.get(JAVA_INT, i * size + filterOffset) : list.get(JAVA_SHORT, i * size + filterOffset);
    }

    final int flags(MemorySegment list, int i) {
        return wide ? list.get(JAVA_INT, i * size + flagsOffset) : list.get(JAVA_SHORT, i * size + flagsOffset) & 0xFFFF;
    }

    final int fflags(MemorySegment list, int i) {
        return list.get(JAVA_INT, i * size + fflagsOffset);
    }

    final long data(MemorySegment list, int i) {
        return list.get(JAVA_LONG, i * size + dataOffset);
    }

    final long udata(MemorySegment list, int i) {
        return list.get(JAVA_LONG, i * size + udataOffset);
    }

    /**
     * Entry {@code i} as Rust mio's kqueue.rs reads it: the filter gives readable or writable;
     * {@code EV_EOF} closes that side; with a non-zero {@code fflags} (the socket error), or
     * {@code EV_ERROR}, it is an error.
     *
     * @return {@link Readiness} bits
     */
    final int toReadiness(MemorySegment list, int i) {
        int filter = filter(list, i);
        int flags = flags(list, i);
        boolean eof = (flags & EV_EOF) != 0;
        int readiness = 0;
        if (filter == evfiltRead) {
            readiness = eof ? Readiness.READABLE | Readiness.READ_CLOSED : Readiness.READABLE;
        } else if (filter == evfiltWrite) {
            readiness = eof ? Readiness.WRITABLE | Readiness.WRITE_CLOSED : Readiness.WRITABLE;
        }
        if ((flags & EV_ERROR) != 0 || (eof && fflags(list, i) != 0)) {
            readiness |= Readiness.ERROR;
        }
        return readiness;
    }

    @Override
    public String toString() {
        return name + " struct kevent (" + size + " bytes)";
    }

    /** {@code kevent} with {@code int} counts (every flavour but NetBSD), made on first use. */
    private static final class IntCounts {
        // not critical: it blocks, and a critical call would hold up the GC while it waits
        static final MethodHandle kevent$mh = handle("kevent",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    }

    /** The library and the kqueue handle, in their own class so the facts above load on any OS. */
    static final class Calls {
        static final SymbolLookup SHIM = LIBRARY == null ? null : Downcalls.library(java.nio.file.Path.of(LIBRARY));
        static final MethodHandle kqueue$mh = handle("kqueue", FunctionDescriptor.of(JAVA_INT));

        private Calls() {
        }
    }
}
