package io.mio.posix;

import io.mio.spi.Readiness;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Lets a TCP stream registered in edge mode answer the would-block read that follows a short read
 * without a system call: with epoll or kqueue, which report every edge, and with the completion core
 * (io_uring), whose one-shot poll the elided read re-arms as a real would-block would.
 *
 * <p><b>Why it is safe.</b> mio's contract is edge-triggered: after a readable event the user reads
 * until {@code read} returns 0 (would-block), then waits for the next event. A TCP {@code recv}
 * that returns fewer bytes than asked (a short read) has emptied the receive queue at that moment
 * ({@code tcp_recvmsg} copies until the queue and the socket backlog are empty or the buffer is
 * full). epoll(7) says of {@code EPOLLET}: an event is reported again when "new data arrives" on
 * the descriptor, i.e. any data that arrives after the short read raises a new edge, which the
 * registry will decode and deliver. So until a readable event for the source has been decoded after
 * the short read, a further read may report would-block without asking the kernel: if data came in
 * meanwhile, its event is still to be delivered, and the user reads it then. A backend that emulates
 * the edge with one-shot polls (the completion core) gets the would-block of the elided read all the
 * same ({@link Registration#wouldBlock}); the poll it submits then looks at the socket as it is, so
 * data that came after the short read is reported by it. Tokio's
 * {@code PollEvented::poll_read} (clearing readiness after a partial read) and Netty's epoll
 * transport make the same inference.
 *
 * <p><b>What it takes.</b> The poll's decoder calls {@link #eventDecoded(int)} for every event of
 * the source and the registry calls {@link #registered(boolean)} and {@link #deregistered()}. A read
 * snapshots the count of decoded readable events <em>before</em> its system call and, when it was
 * short, remembers that snapshot; a later read elides only while the count still equals it. So an
 * event decoded at any time after the snapshot (also concurrently, on another thread) disables the
 * elision: a racing read or decode can only make it more conservative, never lose an event.
 *
 * <p><b>When it never elides.</b> A source that is not registered, or registered without
 * {@code READABLE} (no edge would come), or in another mode than {@link io.mio.Mode#EDGE} (a
 * oneshot registration reports no further edge; a level one's user need not drain); any read
 * that is not short (a full buffer, end of stream, an error, would-block); once the decoder saw
 * {@code READ_CLOSED}, {@code ERROR} or {@code PRIORITY} for the source, and after a local
 * {@code shutdown(READ)} (sticky: end of stream and errors must surface, and urgent data stops a TCP
 * read at its mark with bytes still queued, so a short read there does not mean an empty queue);
 * vectored reads and peeks (they always make the call). Unix stream sockets are not elided: Linux's
 * {@code unix_stream_read_generic} stops after a message that carries descriptors ({@code SCM_RIGHTS})
 * or, with {@code SO_PASSCRED}, at a change of writer, with data still queued and no new edge to
 * come. Remaining caveat: urgent data the user did not register {@code PRIORITY} for is not seen by
 * the decoder; a read stopped at its mark then waits for the next arrival of data (as in Tokio and
 * Netty). {@code -Dio.mio.posix.readElision=false} turns the elision off.
 */
public final class ReadElision {
    /** Whether the elision is on at all; read once. */
    static final boolean ENABLED = !"false".equals(System.getProperty("io.mio.posix.readElision"));

    /**
     * Release stores (a plain store on x86) for the two fields written once per request: a volatile
     * store's full fence is for a thread that then reads a field another thread writes, and no
     * writer here needs that (the decoder never reads {@link #shortReadAt}; a reader's store is
     * followed by its own loads only). Loads stay volatile (acquire), so a read's snapshot is taken
     * before its system call.
     */
    private static final VarHandle READABLE_EVENTS;
    private static final VarHandle SHORT_READ_AT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READABLE_EVENTS = lookup.findVarHandle(ReadElision.class, "readableEvents", long.class);
            SHORT_READ_AT = lookup.findVarHandle(ReadElision.class, "shortReadAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Readable events decoded (and registrations made) so far; written by the registry's decoder
     * and registry calls, one at a time (under the registry's monitor), by release stores.
     */
    private volatile long readableEvents;
    /** The {@link #readableEvents} snapshot of the last short read, or -1: no elision; release stores. */
    private volatile long shortReadAt = -1;
    /** Registered with a registry that reports every edge; false before and after. */
    private volatile boolean registered;
    /** Set for good once the stream is (or may be) at its end, in error, or has urgent data. */
    private volatile boolean disabled;

    ReadElision() {
    }

    /**
     * Called by a registry after it registered or reregistered the source.
     *
     * @param forReadable whether the registration reports every readable edge (readable, in
     *                    {@link io.mio.Mode#EDGE}); without them no event would follow data that
     *                    arrives after a short read, so no elision
     */
    public void registered(boolean forReadable) {
        readableEvents++; // invalidates any short read before it
        registered = forReadable;
    }

    /** Called by a registry after it deregistered the source: no edge will come, never elide. */
    public void deregistered() {
        registered = false;
        readableEvents++;
    }

    /**
     * Called by the decoder for each event of the source it delivers, before the user sees it. Only
     * one decoder runs at a time for a source (under its registry's monitor), so the increment is a
     * single writer's.
     *
     * @param readiness the event's {@link Readiness} bits
     */
    public void eventDecoded(int readiness) {
        if ((readiness & (Readiness.READ_CLOSED | Readiness.ERROR | Readiness.PRIORITY)) != 0) {
            disabled = true;
        }
        if ((readiness & (Readiness.READABLE | Readiness.READ_CLOSED | Readiness.ERROR | Readiness.PRIORITY)) != 0) {
            READABLE_EVENTS.setRelease(this, readableEvents + 1);
        }
    }

    /** Local {@code shutdown(READ)}: reads must reach the kernel from now on. */
    void disable() {
        disabled = true;
    }

    /** @return whether a read may answer would-block now without a system call */
    boolean elide() {
        return shortReadAt == readableEvents && registered && !disabled;
    }

    /** @return the snapshot to pass to {@link #afterRead}, taken before the system call */
    long beforeRead() {
        return readableEvents;
    }

    /**
     * Records the outcome of a read.
     *
     * @param snapshot {@link #beforeRead()} of this read
     * @param asked the bytes asked of the kernel
     * @param n the bytes read, 0 at end of stream, negative for an error or would-block
     */
    void afterRead(long snapshot, int asked, long n) {
        if (n > 0 && n < asked) {
            SHORT_READ_AT.setRelease(this, snapshot);
        } else if (shortReadAt != -1) {
            SHORT_READ_AT.setRelease(this, -1L);
        }
    }
}
