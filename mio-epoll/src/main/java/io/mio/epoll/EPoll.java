package io.mio.epoll;

import io.mio.Interest;
import io.mio.posix.Downcalls;
import io.mio.posix.PollBits;
import io.mio.spi.Readiness;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The Linux facts the epoll backend relies on: constants, the {@code struct epoll_event} layout of
 * this machine's architecture, and accessors that read event {@code i} straight from a native array
 * (as the JDK's {@code sun.nio.ch.EPoll} does). Nothing here allocates.
 *
 * <p>From {@code <sys/epoll.h>}:
 * <pre>{@code
 * typedef union epoll_data {
 *     void    *ptr;
 *     int      fd;
 *     uint32_t u32;
 *     uint64_t u64;
 * } epoll_data_t;
 *
 * struct epoll_event {
 *     uint32_t     events;    // epoll events (bit mask)
 *     epoll_data_t data;      // user data variable
 * } __EPOLL_PACKED;
 * }</pre>
 * glibc defines {@code __EPOLL_PACKED} as {@code __attribute__((__packed__))} on x86-64 only (the
 * kernel's {@code EPOLL_PACKED} likewise), so there the struct is 12 bytes with {@code data} at
 * offset 4; on aarch64 (and the other 64-bit ABIs) {@code data} is 8-byte aligned: 16 bytes, offset 8.
 *
 * <p>{@code EPOLL_CLOEXEC} and {@code EFD_CLOEXEC} equal {@code O_CLOEXEC}, {@code EFD_NONBLOCK}
 * equals {@code O_NONBLOCK}; the values below are those of the generic Linux ABI (x86-64, aarch64,
 * riscv64, ppc64le, s390x), not of alpha, mips or sparc, which {@link #LAYOUT} rejects.
 */
final class EPoll {
    /** {@code epoll_ctl} operation: add a descriptor. */
    static final int EPOLL_CTL_ADD = 1;
    /** {@code epoll_ctl} operation: remove a descriptor. */
    static final int EPOLL_CTL_DEL = 2;
    /** {@code epoll_ctl} operation: change a descriptor's events and data. */
    static final int EPOLL_CTL_MOD = 3;

    /** Readable (or a connection to accept). */
    static final int EPOLLIN = 0x001;
    /** Priority (out-of-band) data readable. */
    static final int EPOLLPRI = 0x002;
    /** Writable. */
    static final int EPOLLOUT = 0x004;
    /** Error condition; always reported, need not be asked for. */
    static final int EPOLLERR = 0x008;
    /** Hang up: both halves closed; always reported. */
    static final int EPOLLHUP = 0x010;
    /** Peer shut down its output (stream sockets, since Linux 2.6.17). */
    static final int EPOLLRDHUP = 0x2000;
    /** Edge-triggered: report a change of state once. */
    static final int EPOLLET = 1 << 31;
    /** One event, then the registration is disabled until {@code EPOLL_CTL_MOD} (since Linux 2.6.2). */
    static final int EPOLLONESHOT = 1 << 30;

    /** {@code epoll_create1} flag: close on exec ({@code O_CLOEXEC}). */
    static final int EPOLL_CLOEXEC = 0x80000;
    /** {@code eventfd} flag: close on exec ({@code O_CLOEXEC}). */
    static final int EFD_CLOEXEC = 0x80000;
    /** {@code eventfd} flag: non-blocking ({@code O_NONBLOCK}). */
    static final int EFD_NONBLOCK = 0x800;

    /** The architecture as the JVM names it ({@code os.arch}). */
    static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);

    /** The layout of {@code struct epoll_event} here, or null on an architecture not known to us. */
    static final StructLayout LAYOUT = layoutFor(ARCH);
    /** {@code sizeof(struct epoll_event)}: the stride of the event array. */
    static final long SIZE = LAYOUT == null ? 0 : LAYOUT.byteSize();
    /** {@code offsetof(struct epoll_event, events)}. */
    static final long EVENTS_OFFSET = LAYOUT == null ? 0 : LAYOUT.byteOffset(groupElement("events"));
    /** {@code offsetof(struct epoll_event, data)}. */
    static final long DATA_OFFSET = LAYOUT == null ? 0 : LAYOUT.byteOffset(groupElement("data"));

    private EPoll() {
    }

    /**
     * {@code int epoll_create1(int flags)}.
     *
     * @param state the capture segment errno is saved in
     * @param flags {@link #EPOLL_CLOEXEC}
     * @return the epoll descriptor, or -1 with errno in {@code state}
     */
    static int epollCreate1(MemorySegment state, int flags) {
        try {
            return (int) Calls.epoll_create1$mh.invokeExact(state, flags);
        } catch (Throwable e) {
            throw new AssertionError("epoll_create1 downcall", e);
        }
    }

    /**
     * {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)}.
     *
     * @param state the capture segment errno is saved in
     * @param epfd the epoll descriptor
     * @param op {@link #EPOLL_CTL_ADD}, {@link #EPOLL_CTL_MOD} or {@link #EPOLL_CTL_DEL}
     * @param fd the descriptor to add, change or remove
     * @param event one {@code struct epoll_event} (ignored by DEL since Linux 2.6.9)
     * @return 0, or -1 with errno in {@code state}
     */
    static int epollCtl(MemorySegment state, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) Calls.epoll_ctl$mh.invokeExact(state, epfd, op, fd, event);
        } catch (Throwable e) {
            throw new AssertionError("epoll_ctl downcall", e);
        }
    }

    /**
     * {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)}.
     *
     * @param state the capture segment errno is saved in
     * @param epfd the epoll descriptor
     * @param events an array of at least {@code maxevents} entries
     * @param maxevents the most entries to fill, at least 1
     * @param timeoutMillis milliseconds to wait at most; -1 without limit; 0 not at all
     * @return the entries filled, or -1 with errno in {@code state}
     */
    static int epollWait(MemorySegment state, int epfd, MemorySegment events, int maxevents, int timeoutMillis) {
        try {
            return (int) Calls.epoll_wait$mh.invokeExact(state, epfd, events, maxevents, timeoutMillis);
        } catch (Throwable e) {
            throw new AssertionError("epoll_wait downcall", e);
        }
    }

    /**
     * {@code int eventfd(unsigned int initval, int flags)}.
     *
     * @param state the capture segment errno is saved in
     * @param initval the counter's start value
     * @param flags {@link #EFD_NONBLOCK} and {@link #EFD_CLOEXEC}
     * @return the descriptor, or -1 with errno in {@code state}
     */
    static int eventfd(MemorySegment state, int initval, int flags) {
        try {
            return (int) Calls.eventfd$mh.invokeExact(state, initval, flags);
        } catch (Throwable e) {
            throw new AssertionError("eventfd downcall", e);
        }
    }

    /**
     * The {@code struct epoll_event} layout of an architecture.
     *
     * @param arch an {@code os.arch} value
     * @return the layout, or null if the architecture is not one whose ABI we know
     */
    static StructLayout layoutFor(String arch) {
        return switch (arch) {
            // packed: data follows events directly, unaligned
            case "amd64", "x86_64" -> MemoryLayout.structLayout(
                    JAVA_INT.withName("events"),
                    JAVA_LONG_UNALIGNED.withName("data"));
            // natural alignment: 4 bytes of padding before data
            case "aarch64", "riscv64", "ppc64le", "s390x" -> MemoryLayout.structLayout(
                    JAVA_INT.withName("events"),
                    MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data"));
            default -> null;
        };
    }

    /**
     * The epoll events mask for an interest: {@code EPOLLET} for the edge mode, nothing for level
     * (epoll's own default), {@code EPOLLONESHOT} for oneshot (one event, then disabled until
     * {@code EPOLL_CTL_MOD}); readable also asks for EPOLLRDHUP so a peer's shutdown is seen as
     * read-closed (as mio does).
     *
     * @param interests the interests
     * @return the mask for epoll_ctl
     */
    static int toEpoll(Interest interests) {
        int kind = switch (interests.mode()) {
            case EDGE -> EPOLLET;
            case LEVEL -> 0; // epoll is level-triggered without EPOLLET
            case ONESHOT -> EPOLLONESHOT;
        };
        if (interests.isReadable()) {
            kind |= EPOLLIN | EPOLLRDHUP;
        }
        if (interests.isWritable()) {
            kind |= EPOLLOUT;
        }
        if (interests.isPriority()) {
            kind |= EPOLLPRI;
        }
        return kind;
    }

    /**
     * Decodes an epoll event mask exactly as mio's {@code sys/unix/selector/epoll.rs} {@code event}
     * module does, with the decoder poll(2) shares.
     *
     * @param events the mask the kernel returned
     * @return {@link Readiness} bits
     */
    static int toReadiness(int events) {
        // safe because epoll's bits equal poll's on Linux (EpollDecodingTest checks them)
        return PollBits.toReadiness(events);
    }

    /**
     * Reads the event mask of entry {@code i} of an event array.
     *
     * @param array the array the kernel filled
     * @param i the entry
     * @return its {@code events}
     */
    static int events(MemorySegment array, int i) {
        return array.get(JAVA_INT_UNALIGNED, i * SIZE + EVENTS_OFFSET);
    }

    /**
     * Reads the user data of entry {@code i} of an event array.
     *
     * @param array the array the kernel filled
     * @param i the entry
     * @return its {@code data.u64}
     */
    static long data(MemorySegment array, int i) {
        // unaligned: on x86-64 data sits at 4 + 12 * i
        return array.get(JAVA_LONG_UNALIGNED, i * SIZE + DATA_OFFSET);
    }

    /**
     * Writes one {@code struct epoll_event}, as {@code epoll_ctl} takes it.
     *
     * @param event a segment of at least {@link #SIZE} bytes
     * @param events the event mask
     * @param data the user data
     */
    static void setEvent(MemorySegment event, int events, long data) {
        event.set(JAVA_INT_UNALIGNED, EVENTS_OFFSET, events);
        event.set(JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
    }

    /** The downcall handles, in their own class so that the facts above load on any OS. */
    private static final class Calls {
        // one handle per symbol, each capturing errno: the first argument is the caller's capture segment
        static final MethodHandle epoll_create1$mh = Downcalls.quick("epoll_create1",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle epoll_ctl$mh = Downcalls.quick("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        // not critical: it blocks, and a critical call would hold up the GC while it waits
        static final MethodHandle epoll_wait$mh = Downcalls.blocking("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle eventfd$mh = Downcalls.quick("eventfd",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
}
