package io.mio.completion;

import java.io.IOException;

/**
 * What the completion-port selector ({@link CompletionPoll}) needs from an operating system: a
 * one-shot poll of a handle whose completion arrives later on a queue, its cancellation, a
 * completion posted by user code, and a wait for a batch of completions. Two drivers implement it:
 * io_uring ({@code IORING_OP_POLL_ADD}, {@code IORING_OP_POLL_REMOVE}, {@code IORING_OP_NOP},
 * {@code io_uring_enter}) and Windows ({@code IOCTL_AFD_POLL}, {@code NtCancelIoFileEx},
 * {@code PostQueuedCompletionStatus}, {@code GetQueuedCompletionStatusEx}).
 *
 * <p>Each request carries a <em>slot</em>, a small non-negative number the selector gives each
 * registration; its completion reports that slot back. The selector submits at most one request
 * per slot at a time, and reuses a slot only after the completion of its last request arrived, so a
 * driver may keep per-slot memory the kernel writes (Windows' {@code IO_STATUS_BLOCK} and
 * {@code AFD_POLL_INFO}) and find the slot again from a completion's address.
 *
 * <p>Threads: {@link #submitPoll}, {@link #cancelPoll}, {@link #post}, {@link #flush},
 * {@link #slot}, {@link #result} and {@link #consume} are called with the selector's lock held;
 * {@link #await} by the polling thread without it (other threads submit meanwhile); {@link #wake}
 * from any thread; {@link #close} once, when no poll runs.
 */
public interface CompletionDriver {
    /** {@link #result}: the poll was cancelled ({@link #cancelPoll}) before it saw readiness. */
    int CANCELLED = -1;
    /** {@link #result}: the handle was closed under the poll (EBADF, AFD's LOCAL_CLOSE). */
    int CLOSED = -2;
    /** {@link #result}: the poll request itself failed; reported as an error event. */
    int FAILED = -3;

    /**
     * Queues a one-shot poll of {@code handle} for {@code readiness}; its completion reports the
     * readiness found. Hang-up and error are reported whatever is asked.
     *
     * @param handle the descriptor or socket
     * @param readiness {@link io.mio.spi.Readiness} bits: READABLE, WRITABLE, PRIORITY
     * @param slot the registration's slot, reported by the completion
     * @throws IOException if the request could not be queued
     */
    void submitPoll(long handle, int readiness, int slot) throws IOException;

    /**
     * Whether {@link #submitMultishotPoll} is available: asked once, when the selector is made.
     *
     * @return false by default
     */
    default boolean multishot() {
        return false;
    }

    /**
     * Queues a multishot poll of {@code handle} for {@code readiness}: it stays in flight and
     * completes once per wake-up of the handle that matches (an edge, as {@code EPOLLET} reports
     * it), each completion with {@link #more} true, until it is cancelled or the driver ends it (its
     * last completion, with {@link #more} false). Only when {@link #multishot()} says so.
     *
     * @param handle the descriptor or socket
     * @param readiness {@link io.mio.spi.Readiness} bits: READABLE, WRITABLE, PRIORITY
     * @param slot the registration's slot, reported by each completion
     * @throws IOException if the request could not be queued
     */
    default void submitMultishotPoll(long handle, int readiness, int slot) throws IOException {
        throw new UnsupportedOperationException("no multishot polls in this driver");
    }

    /**
     * Whether available completion {@code i} leaves its poll in flight (a multishot poll's).
     *
     * @param i below {@link #await}'s answer
     * @return false for the last completion of a request (every one-shot poll's)
     */
    default boolean more(int i) {
        return false;
    }

    /**
     * Queues the cancellation of the poll in flight for {@code slot}; its completion still arrives
     * (with {@link #CANCELLED}, or with readiness if it completed first). The selector calls
     * {@link #flush} right after cancelling for a deregistration, so a handle closed next is not
     * kept open by the poll (io_uring holds a reference to the file while it polls).
     *
     * @param handle the handle the poll was submitted for
     * @param slot its slot
     * @throws IOException if the cancellation could not be requested
     */
    void cancelPoll(long handle, int slot) throws IOException;

    /**
     * Queues a completion for {@code slot} that needs no kernel event (a waker's).
     *
     * @param slot the slot
     * @throws IOException if it could not be queued
     */
    void post(int slot) throws IOException;

    /**
     * Hands the queued requests to the kernel now: called when another thread is blocked in
     * {@link #await}, which would otherwise submit them only on its next call. A driver whose
     * requests take effect when made (Windows) does nothing.
     *
     * @throws IOException if the kernel refused the submission
     */
    void flush() throws IOException;

    /**
     * Submits what is queued, then waits until a completion is available or {@code timeoutNanos}
     * passed, or returns early (a signal, {@link #wake}).
     *
     * @param timeoutNanos 0 to return at once, -1 to wait without limit
     * @return the number of completions available to {@link #slot} and {@link #result}
     * @throws IOException if the wait failed
     */
    int await(long timeoutNanos) throws IOException;

    /**
     * The slot of available completion {@code i}.
     *
     * @param i below {@link #await}'s answer
     * @return the slot, or -1 for the driver's own completions (a wake, a cancellation's answer)
     */
    int slot(int i);

    /**
     * The outcome of available completion {@code i}.
     *
     * @param i below {@link #await}'s answer
     * @return {@link io.mio.spi.Readiness} bits (0 for a posted completion), or {@link #CANCELLED},
     *         {@link #CLOSED} or {@link #FAILED}
     */
    int result(int i);

    /**
     * Releases the first {@code n} available completions (the rest stay for the next call).
     *
     * @param n how many were read
     */
    void consume(int n);

    /**
     * Makes a blocked {@link #await} return soon, from any thread: called once, by the selector's
     * close (wakers post their own completions, {@link #post}), so it need not coalesce.
     *
     * @throws IOException if the wake could not be posted
     */
    void wake() throws IOException;

    /**
     * Releases the queue and everything the kernel holds for it.
     *
     * @throws IOException if releasing failed
     */
    void close() throws IOException;
}
