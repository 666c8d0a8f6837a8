package io.mio.uring;

import io.mio.completion.CompletionDriver;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.PollBits;
import io.mio.posix.SharedMapping;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.mio.uring.IoUring.INT;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The io_uring driver of the completion-port selector: one ring, whose
 * {@code IORING_OP_POLL_ADD} requests (one-shot or multishot) are the polls, {@code IORING_OP_POLL_REMOVE} their
 * cancellation and {@code IORING_OP_NOP} the posted completions (wakers and wake-ups).
 *
 * <p><b>Sharing the submission queue.</b> Any thread may queue a request (a registration while the
 * poller waits), so writing an SQE and publishing the tail happen under this object's monitor: one
 * writer at a time, and the tail is stored with release semantics after the entry is complete, so
 * the kernel, which loads it with acquire, sees the whole entry. Any thread may then call
 * {@code io_uring_enter} to submit (the kernel serialises submissions itself and takes only entries
 * up to the published tail), including the poller inside its wait, which passes the count of
 * published and unconsumed entries it read with acquire loads: every entry is submitted once, by
 * whichever enter comes first. The completion queue has one reader, the poller, which loads its
 * tail with acquire and stores its head with release once it has read the entries.
 *
 * <p><b>Multishot polls</b> ({@code IORING_POLL_ADD_MULTI}, Linux 5.13, probed once at setup by
 * {@code IORING_FEAT_RSRC_TAGS}, which came in the same release; {@code -Dio.mio.uring.multishot=false}
 * turns them off): the selector uses them for edge registrations. The kernel arms them with
 * {@code EPOLLET} ({@code io_poll_parse_events} in {@code io_uring/poll.c}) and posts a completion
 * flagged {@code IORING_CQE_F_MORE} for each wake-up that matches, with the readiness found then; a
 * cancellation, or a completion that found no room, ends one with a last completion without the
 * flag. Caveat: io_uring runs a poll's wake-up work in the thread that submitted it, so a multishot
 * poll a registering thread submitted (the poller was blocked) is served by that thread for its
 * life, which io_uring interrupts for it; if that thread exits, the kernel cancels the poll and the
 * selector submits it again from the poller.
 *
 * <p><b>CQ overflow.</b> The ring is set up only where the kernel keeps completions that do not fit
 * ({@code IORING_FEAT_NODROP}); the waiting enter ({@code IORING_ENTER_GETEVENTS}) moves them into
 * the ring, and a zero-timeout poll enters too when {@code IORING_SQ_CQ_OVERFLOW} says some wait.
 */
final class UringDriver implements CompletionDriver {
    /** user_data of the driver's wake-up NOP. */
    private static final long WAKE = -1L;
    /** user_data of a POLL_REMOVE (its own completion says only whether it found the poll). */
    private static final long CANCEL = -2L;
    /** Multishot polls unless turned off ({@code -Dio.mio.uring.multishot=false}); read once. */
    static final boolean MULTISHOT = !"false".equals(System.getProperty("io.mio.uring.multishot"));

    private final int ringFd;
    /** The ring mappings and the poller's buffers; closing it unmaps them. */
    private final Arena arena;
    private final MemorySegment rings;
    private final MemorySegment sqes;
    private final long sqHead;
    private final long sqTail;
    private final long sqFlags;
    private final int sqMask;
    private final int sqEntries;
    private final long cqHead;
    private final long cqTail;
    private final long cqes;
    private final int cqMask;
    private final long cqRingEntries;
    /** The kernel has multishot polls (and they are not turned off). */
    private final boolean multishot;
    /** The next SQ tail to publish; guarded by this. */
    private int tail;
    /** The CQ head: the poller's. */
    private int head;
    /** errno of submissions; guarded by this. */
    private final MemorySegment submitState;
    /** errno of the wait, its argument and timeout; the poller's. */
    private final MemorySegment waitState;
    private final MemorySegment waitArg;
    private final MemorySegment timeout;

    private UringDriver(int ringFd, Arena arena, MemorySegment params, boolean multishot) throws IOException {
        this.ringFd = ringFd;
        this.arena = arena;
        int features = params.get(JAVA_INT, IoUring.PARAMS_FEATURES);
        int sqCount = params.get(JAVA_INT, IoUring.PARAMS_SQ_ENTRIES);
        int cqCount = params.get(JAVA_INT, IoUring.PARAMS_CQ_ENTRIES);
        long sqArray = params.get(JAVA_INT, IoUring.SQ_OFF + IoUring.SQ_ARRAY);
        long cqArray = params.get(JAVA_INT, IoUring.CQ_OFF + IoUring.CQ_CQES);
        if ((features & IoUring.IORING_FEAT_SINGLE_MMAP) == 0) {
            throw new IOException("io_uring without IORING_FEAT_SINGLE_MMAP (Linux before 5.4) is not supported");
        }
        rings = SharedMapping.map(ringFd, IoUring.IORING_OFF_SQ_RING,
                Math.max(sqArray + 4L * sqCount, cqArray + IoUring.CQE_SIZE * cqCount), arena);
        sqes = SharedMapping.map(ringFd, IoUring.IORING_OFF_SQES, IoUring.SQE_SIZE * sqCount, arena);
        sqHead = params.get(JAVA_INT, IoUring.SQ_OFF + IoUring.SQ_HEAD);
        sqTail = params.get(JAVA_INT, IoUring.SQ_OFF + IoUring.SQ_TAIL);
        sqFlags = params.get(JAVA_INT, IoUring.SQ_OFF + IoUring.SQ_FLAGS);
        sqMask = rings.get(JAVA_INT, params.get(JAVA_INT, IoUring.SQ_OFF + IoUring.SQ_RING_MASK));
        sqEntries = rings.get(JAVA_INT, params.get(JAVA_INT, IoUring.SQ_OFF + IoUring.SQ_RING_ENTRIES));
        cqHead = params.get(JAVA_INT, IoUring.CQ_OFF + IoUring.CQ_HEAD);
        cqTail = params.get(JAVA_INT, IoUring.CQ_OFF + IoUring.CQ_TAIL);
        cqes = cqArray;
        this.multishot = multishot && (features & IoUring.IORING_FEAT_RSRC_TAGS) != 0;
        cqRingEntries = params.get(JAVA_INT, IoUring.CQ_OFF + IoUring.CQ_RING_ENTRIES);
        cqMask = rings.get(JAVA_INT, params.get(JAVA_INT, IoUring.CQ_OFF + IoUring.CQ_RING_MASK));
        for (int i = 0; i < sqEntries; i++) {
            rings.set(JAVA_INT, sqArray + 4L * i, i); // SQ slot i is SQE i, once and for all
        }
        tail = (int) INT.getAcquire(rings, sqTail);
        head = (int) INT.getAcquire(rings, cqHead);
        submitState = Downcalls.newCallState(arena);
        waitState = Downcalls.newCallState(arena);
        waitArg = arena.allocate(IoUring.GETEVENTS_ARG_SIZE, 8);
        timeout = arena.allocate(IoUring.TIMESPEC_SIZE, 8);
        waitArg.set(JAVA_LONG, IoUring.GETEVENTS_ARG_TS, timeout.address());
    }

    /**
     * Sets up a ring.
     *
     * @param sqEntries submission queue entries (a power of two; clamped by the kernel)
     * @param cqEntries completion queue entries (at least sqEntries)
     * @param multishot whether to use multishot polls where the kernel has them
     * @return the driver
     * @throws IOException naming io_uring_setup or mmap and the errno, or a missing feature
     */
    static UringDriver open(int sqEntries, int cqEntries, boolean multishot) throws IOException {
        Arena arena = Arena.ofShared();
        int fd = -1;
        try {
            MemorySegment params = arena.allocate(IoUring.PARAMS_SIZE, 8);
            params.set(JAVA_INT, IoUring.PARAMS_FLAGS, IoUring.IORING_SETUP_CQSIZE | IoUring.IORING_SETUP_CLAMP);
            params.set(JAVA_INT, IoUring.PARAMS_CQ_ENTRIES, cqEntries);
            MemorySegment state = Downcalls.callState();
            fd = IoUring.setup(state, sqEntries, params);
            if (fd < 0) {
                throw Errno.exception("io_uring_setup", Downcalls.errno(state));
            }
            int features = params.get(JAVA_INT, IoUring.PARAMS_FEATURES);
            if ((features & IoUring.IORING_FEAT_NODROP) == 0 || (features & IoUring.IORING_FEAT_EXT_ARG) == 0) {
                throw new IOException("io_uring lacks IORING_FEAT_NODROP or IORING_FEAT_EXT_ARG (features 0x"
                        + Integer.toHexString(features) + "): Linux 5.11 or later is needed");
            }
            return new UringDriver(fd, arena, params, multishot);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            if (fd >= 0) {
                Descriptors.closeQuietly(fd);
            }
            throw e;
        }
    }

    /** {@return the submission queue's size, read from the ring} */
    int sqEntries() {
        return sqEntries;
    }

    /** {@return the completion queue's size, read from the ring} */
    int cqEntries() {
        return rings.get(JAVA_INT, cqRingEntries);
    }

    @Override
    public void submitPoll(long handle, int readiness, int slot) throws IOException {
        pollAdd(handle, readiness, slot, 0);
    }

    @Override
    public boolean multishot() {
        return multishot;
    }

    @Override
    public void submitMultishotPoll(long handle, int readiness, int slot) throws IOException {
        if (!multishot) {
            throw new UnsupportedOperationException("io_uring without multishot polls (Linux before 5.13, or turned off)");
        }
        pollAdd(handle, readiness, slot, IoUring.IORING_POLL_ADD_MULTI);
    }

    private void pollAdd(long handle, int readiness, int slot, int flags) throws IOException {
        synchronized (this) {
            long sqe = nextEntry();
            sqes.set(JAVA_BYTE, sqe + IoUring.SQE_OPCODE, IoUring.IORING_OP_POLL_ADD);
            sqes.set(JAVA_INT, sqe + IoUring.SQE_FD, (int) handle);
            sqes.set(JAVA_INT, sqe + IoUring.SQE_LEN, flags);
            sqes.set(JAVA_INT, sqe + IoUring.SQE_POLL32_EVENTS, PollBits.forReadiness(readiness));
            sqes.set(JAVA_LONG, sqe + IoUring.SQE_USER_DATA, slot);
            publish();
        }
    }

    @Override
    public void cancelPoll(long handle, int slot) throws IOException {
        synchronized (this) {
            long sqe = nextEntry();
            sqes.set(JAVA_BYTE, sqe + IoUring.SQE_OPCODE, IoUring.IORING_OP_POLL_REMOVE);
            sqes.set(JAVA_INT, sqe + IoUring.SQE_FD, -1);
            sqes.set(JAVA_LONG, sqe + IoUring.SQE_ADDR, slot); // the user_data of the poll to remove
            sqes.set(JAVA_LONG, sqe + IoUring.SQE_USER_DATA, CANCEL);
            publish();
        }
    }

    @Override
    public void post(int slot) throws IOException {
        synchronized (this) {
            nop(slot);
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (this) {
            submit();
        }
    }

    @Override
    public void wake() throws IOException {
        synchronized (this) {
            nop(WAKE);
            submit();
        }
    }

    @Override
    public int await(long timeoutNanos) throws IOException {
        int ready = (int) INT.getAcquire(rings, cqTail) - head;
        // published by any thread and not yet taken by the kernel: submitted by this enter
        int toSubmit = (int) INT.getAcquire(rings, sqTail) - (int) INT.getAcquire(rings, sqHead);
        int r;
        if (ready > 0 || timeoutNanos == 0) {
            boolean overflow = ((int) INT.getAcquire(rings, sqFlags) & IoUring.IORING_SQ_CQ_OVERFLOW) != 0;
            if (toSubmit == 0 && !overflow) {
                return ready;
            }
            r = IoUring.enter(waitState, ringFd, toSubmit, 0, overflow ? IoUring.IORING_ENTER_GETEVENTS : 0,
                    MemorySegment.NULL, 0);
        } else if (timeoutNanos < 0) {
            r = IoUring.enter(waitState, ringFd, toSubmit, 1, IoUring.IORING_ENTER_GETEVENTS, MemorySegment.NULL, 0);
        } else {
            timeout.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timeout.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            r = IoUring.enter(waitState, ringFd, toSubmit, 1,
                    IoUring.IORING_ENTER_GETEVENTS | IoUring.IORING_ENTER_EXT_ARG, waitArg, IoUring.GETEVENTS_ARG_SIZE);
        }
        if (r < 0) {
            int errno = Downcalls.errno(waitState);
            // EINTR: a signal; ETIME: the timeout; EBUSY/EAGAIN: completions must be reaped first
            if (errno != Errno.EINTR && errno != UringErrno.ETIME && errno != UringErrno.EBUSY && errno != Errno.EAGAIN) {
                throw Errno.exception("io_uring_enter(ring " + ringFd + ")", errno);
            }
        }
        return (int) INT.getAcquire(rings, cqTail) - head;
    }

    @Override
    public int slot(int i) {
        long data = rings.get(JAVA_LONG, cqe(i) + IoUring.CQE_USER_DATA);
        return data < 0 ? -1 : (int) data; // WAKE, CANCEL: the driver's own
    }

    @Override
    public int result(int i) {
        int res = rings.get(JAVA_INT, cqe(i) + IoUring.CQE_RES);
        if (res >= 0) {
            return PollBits.toReadiness(res & ~PollBits.POLLNVAL);
        }
        return res == -UringErrno.ECANCELED ? CANCELLED : res == -Errno.EBADF ? CLOSED : FAILED;
    }

    @Override
    public boolean more(int i) {
        return (rings.get(JAVA_INT, cqe(i) + IoUring.CQE_FLAGS) & IoUring.IORING_CQE_F_MORE) != 0;
    }

    @Override
    public void consume(int n) {
        head += n;
        INT.setRelease(rings, cqHead, head);
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            try {
                arena.close(); // unmaps the rings; a late access throws instead of faulting
            } finally {
                Descriptors.close(ringFd); // the kernel cancels every request in flight
            }
        }
    }

    private long cqe(int i) {
        return cqes + (long) ((head + i) & cqMask) * IoUring.CQE_SIZE;
    }

    private void nop(long userData) throws IOException {
        assert Thread.holdsLock(this);
        long sqe = nextEntry();
        sqes.set(JAVA_BYTE, sqe + IoUring.SQE_OPCODE, IoUring.IORING_OP_NOP);
        sqes.set(JAVA_LONG, sqe + IoUring.SQE_USER_DATA, userData);
        publish();
    }

    /** The offset of a zeroed free SQE; submits first if the queue is full. */
    private long nextEntry() throws IOException {
        assert Thread.holdsLock(this);
        if (tail - (int) INT.getAcquire(rings, sqHead) == sqEntries) {
            submit();
            if (tail - (int) INT.getAcquire(rings, sqHead) == sqEntries) {
                throw new IOException("io_uring submission queue of ring " + ringFd + " stays full (" + sqEntries
                        + " entries)");
            }
        }
        long sqe = (long) (tail & sqMask) * IoUring.SQE_SIZE;
        for (long offset = 0; offset < IoUring.SQE_SIZE; offset += 8) {
            sqes.set(JAVA_LONG, sqe + offset, 0L);
        }
        return sqe;
    }

    /** Publishes the entry just written: the kernel loads the tail with acquire. */
    private void publish() {
        tail++;
        INT.setRelease(rings, sqTail, tail);
    }

    /** Hands every published, unconsumed entry to the kernel. */
    private void submit() throws IOException {
        assert Thread.holdsLock(this);
        int toSubmit = tail - (int) INT.getAcquire(rings, sqHead);
        if (toSubmit > 0) {
            int r = IoUring.submit(submitState, ringFd, toSubmit, 0);
            if (r < 0) {
                int errno = Downcalls.errno(submitState);
                if (errno != Errno.EINTR && errno != UringErrno.EBUSY && errno != Errno.EAGAIN) {
                    throw Errno.exception("io_uring_enter(ring " + ringFd + ", submit " + toSubmit + ")", errno);
                }
            }
        }
    }

    /** Linux errno values io_uring reports that the portable table does not name. */
    static final class UringErrno {
        static final int EBUSY = 16;
        static final int ETIME = 62;
        static final int ECANCELED = 125;

        private UringErrno() {
        }
    }
}
