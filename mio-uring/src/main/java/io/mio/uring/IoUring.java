package io.mio.uring;

import io.mio.posix.Downcalls;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * io_uring's facts, from {@code <linux/io_uring.h>}: system call numbers, opcodes, flags, and the
 * layouts of {@code struct io_uring_params}, {@code io_uring_sqe}, {@code io_uring_cqe} and
 * {@code io_uring_getevents_arg}, with the two system calls (glibc has no wrapper; liburing is not
 * used). The layouts are the same on every 64-bit Linux architecture; {@code UringPollTest} reads
 * the ring sizes of a real setup back through the offsets.
 *
 * <pre>{@code
 * struct io_uring_sqe {            // 64 bytes; the fields a poll uses
 *     __u8 opcode; __u8 flags; __u16 ioprio; __s32 fd;      // 0, 1, 2, 4
 *     __u64 off; __u64 addr; __u32 len;                    // 8, 16, 24 (len: POLL_ADD's flags)
 *     union { __u32 poll32_events; ... };                  // 28
 *     __u64 user_data; ...                                 // 32
 * };
 * struct io_uring_cqe { __u64 user_data; __s32 res; __u32 flags; };   // 16 bytes
 * }</pre>
 */
final class IoUring {
    /** The system call numbers, the same on every architecture since Linux 5.1 (the unified table). */
    static final long SYS_io_uring_setup = 425;
    static final long SYS_io_uring_enter = 426;

    static final byte IORING_OP_NOP = 0;
    static final byte IORING_OP_POLL_ADD = 6;
    static final byte IORING_OP_POLL_REMOVE = 7;

    /** POLL_ADD flag (in the SQE's {@code len}): a multishot poll, one completion per wake-up (5.13). */
    static final int IORING_POLL_ADD_MULTI = 1;

    /** Setup: size the completion queue ourselves. */
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** Setup: clamp the sizes to the kernel's maximum instead of failing. */
    static final int IORING_SETUP_CLAMP = 1 << 4;

    /** Feature: the SQ and CQ rings share one mapping (5.4). */
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    /** Feature: completions that do not fit the CQ are kept by the kernel, not dropped (5.5). */
    static final int IORING_FEAT_NODROP = 1 << 1;
    /** Feature: io_uring_enter takes a timeout ({@code IORING_ENTER_EXT_ARG}, 5.11). */
    static final int IORING_FEAT_EXT_ARG = 1 << 8;
    /**
     * Feature: resource tags (5.13). No feature bit names multishot polls; this one came in the same
     * release, so it is the probe for {@link #IORING_POLL_ADD_MULTI}.
     */
    static final int IORING_FEAT_RSRC_TAGS = 1 << 10;

    /** CQE flag: the request stays in flight, more completions follow (a multishot poll's). */
    static final int IORING_CQE_F_MORE = 1 << 1;

    static final int IORING_ENTER_GETEVENTS = 1;
    static final int IORING_ENTER_EXT_ARG = 1 << 3;

    /** SQ ring flag: completions overflowed into the kernel's backlog; a GETEVENTS enter moves them in. */
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;

    static final long IORING_OFF_SQ_RING = 0;
    static final long IORING_OFF_SQES = 0x10000000L;

    /** {@code struct io_uring_params}: 120 bytes; {@code sq_off} at 40, {@code cq_off} at 80. */
    static final long PARAMS_SIZE = 120;
    static final long PARAMS_SQ_ENTRIES = 0;
    static final long PARAMS_CQ_ENTRIES = 4;
    static final long PARAMS_FLAGS = 8;
    static final long PARAMS_FEATURES = 20;
    static final long SQ_OFF = 40;
    static final long CQ_OFF = 80;
    /** {@code struct io_sqring_offsets}, relative to {@link #SQ_OFF}. */
    static final long SQ_HEAD = 0;
    static final long SQ_TAIL = 4;
    static final long SQ_RING_MASK = 8;
    static final long SQ_RING_ENTRIES = 12;
    static final long SQ_FLAGS = 16;
    static final long SQ_ARRAY = 24;
    /** {@code struct io_cqring_offsets}, relative to {@link #CQ_OFF}. */
    static final long CQ_HEAD = 0;
    static final long CQ_TAIL = 4;
    static final long CQ_RING_MASK = 8;
    static final long CQ_RING_ENTRIES = 12;
    static final long CQ_CQES = 20;

    static final long SQE_SIZE = 64;
    static final long SQE_OPCODE = 0;
    static final long SQE_FD = 4;
    static final long SQE_ADDR = 16;
    static final long SQE_LEN = 24;
    static final long SQE_POLL32_EVENTS = 28;
    static final long SQE_USER_DATA = 32;

    static final long CQE_SIZE = 16;
    static final long CQE_USER_DATA = 0;
    static final long CQE_RES = 8;
    static final long CQE_FLAGS = 12;

    /** {@code struct io_uring_getevents_arg { u64 sigmask; u32 sigmask_sz; u32 pad; u64 ts; }}. */
    static final long GETEVENTS_ARG_SIZE = 24;
    static final long GETEVENTS_ARG_TS = 16;
    /** {@code struct __kernel_timespec { s64 tv_sec; s64 tv_nsec; }}. */
    static final long TIMESPEC_SIZE = 16;

    /** Ring head and tail accesses: acquire to read what the kernel published, release to publish. */
    static final VarHandle INT = JAVA_INT.varHandle();

    /** long syscall(long number, ...): every argument passed as a full register. */
    private static final MethodHandle setup$mh = Downcalls.variadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), 1);
    /** io_uring_enter without waiting: short, so critical. */
    private static final MethodHandle submit$mh = Downcalls.variadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), 1);
    /** io_uring_enter that waits for completions. */
    private static final MethodHandle wait$mh = Downcalls.blockingVariadic("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), 1);

    private IoUring() {
    }

    /** {@return the ring's descriptor, or -1 with errno in {@code state}} */
    static int setup(MemorySegment state, int entries, MemorySegment params) {
        try {
            return (int) (long) setup$mh.invokeExact(state, SYS_io_uring_setup, (long) entries, params);
        } catch (Throwable e) {
            throw new AssertionError("io_uring_setup downcall", e);
        }
    }

    /** io_uring_enter that does not wait: {@return the number submitted, or -1 with errno in {@code state}} */
    static int submit(MemorySegment state, int fd, int toSubmit, int flags) {
        try {
            return (int) (long) submit$mh.invokeExact(state, SYS_io_uring_enter, (long) fd, (long) toSubmit, 0L,
                    (long) flags, MemorySegment.NULL, 0L);
        } catch (Throwable e) {
            throw new AssertionError("io_uring_enter downcall", e);
        }
    }

    /** io_uring_enter that waits: {@return the number submitted, or -1 with errno in {@code state}} */
    static int enter(MemorySegment state, int fd, int toSubmit, int minComplete, int flags, MemorySegment arg,
            long argSize) {
        try {
            return (int) (long) wait$mh.invokeExact(state, SYS_io_uring_enter, (long) fd, (long) toSubmit,
                    (long) minComplete, (long) flags, arg, argSize);
        } catch (Throwable e) {
            throw new AssertionError("io_uring_enter downcall", e);
        }
    }
}
