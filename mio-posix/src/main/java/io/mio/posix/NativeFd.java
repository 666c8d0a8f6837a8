package io.mio.posix;

import io.mio.ClosedSourceException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A file descriptor guarded against use after close, and the byte-moving calls made on it.
 *
 * <p><b>The guard</b> (the idea of the JDK's {@code NativeThreadSet} and {@code preClose}): every
 * operation {@link #acquire()}s the descriptor before its system call and {@link #release()}s it
 * after; {@link #close()} marks the descriptor closed so no operation can start, and whoever leaves
 * last (the closer, or the last operation still running) closes the number. So a close racing a
 * read on another thread never lets that read reach a closed descriptor or, worse, a recycled number
 * now owned by something else: it either finishes on the still-open descriptor or fails with
 * {@link ClosedChannelException} before its call. Calls here never block, so a close is delayed by
 * at most one non-blocking system call.
 *
 * <p><b>The transfers</b> return the bytes moved, or {@code -errno} (never an exception, so the
 * would-block case costs no allocation), retry {@code EINTR}, and advance the buffers' positions.
 * Direct buffers are passed by address (cached per descriptor by {@link #address}, kept reachable
 * by a fence until the call returns); heap buffers go through the thread's {@link Scratch} buffer,
 * at most {@link Scratch#HEAP_CHUNK} bytes per call (a short read or write), except datagrams, which
 * must not be split: a larger heap datagram gets a temporary native buffer.
 */
final class NativeFd {
    private static final VarHandle STATE;
    /** Set in {@link #state} once closed; the low bits count operations in progress. */
    private static final int CLOSED = 0x8000_0000;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(NativeFd.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The descriptor number; meaningful while not closed. */
    final int fd;
    /** Whether close() closes the number (false for a user's SourceFd). */
    private final boolean owned;
    /** The source this descriptor belongs to, named by the exception of a use after close; may be null. */
    private final Object owner;
    /** CLOSED flag | count of operations in progress; changed by CAS only. */
    private volatile int state;
    /** The address cache of {@link #address}: the last direct buffer added, and the one before. */
    private BufferBase recent;
    private BufferBase older;

    /** A direct buffer and the address of its element 0; immutable, so it can be shared between threads unguarded. */
    private record BufferBase(ByteBuffer buffer, long base) {
    }

    NativeFd(int fd, boolean owned) {
        this(fd, owned, null);
    }

    NativeFd(int fd, boolean owned, Object owner) {
        this.fd = fd;
        this.owned = owned;
        this.owner = owner;
    }

    /**
     * Enters an operation.
     *
     * @return the descriptor, open until the matching {@link #release()}
     * @throws ClosedChannelException ({@link ClosedSourceException}) if it is closed
     */
    int acquire() throws ClosedChannelException {
        for (;;) {
            int s = state;
            if (s < 0) {
                throw new ClosedSourceException(owner != null ? owner : this);
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return fd;
            }
        }
    }

    /** Leaves an operation; the last one out after a close closes the descriptor. */
    void release() {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if (s == CLOSED) {
            closeNumber(); // nobody to report a failure to: the closer has returned
        }
    }

    /** @return whether {@link #close()} was called */
    boolean isClosed() {
        return state < 0;
    }

    /**
     * Closes: no operation starts after this; the number is closed now, or by the last operation
     * still in progress. Closing twice does nothing.
     *
     * @throws IOException if the close(2) made now fails
     */
    void close() throws IOException {
        int s;
        do {
            s = state;
            if (s < 0) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, s | CLOSED));
        if (s == 0) {
            int errno = closeNumber();
            if (errno != 0) {
                throw Errno.exception("close(fd " + fd + ")", errno);
            }
        }
    }

    /** @return 0 or the errno of close(2); EINTR is not retried (Linux has released the number anyway) */
    private int closeNumber() {
        if (!owned) {
            return 0;
        }
        return Descriptors.closeErrno(fd, Scratch.get().callState);
    }

    @Override
    public String toString() {
        return "fd " + fd + (isClosed() ? " (closed)" : "");
    }

    // transfers: the caller has acquired the descriptor; they use the field fd

    /**
     * The address of a direct buffer's position. {@code MemorySegment.ofBuffer} makes a segment per
     * call, which C2 does not always scalar-replace, so each descriptor remembers the base address of
     * the last two direct buffers it moved bytes through, by identity: a connection reuses one or two
     * buffers (one for reads, one for writes), so in steady state this hits every time, however many
     * buffers and sockets a thread serves (a per-thread cache misses as soon as a loop owns more
     * buffers than it has entries). A miss costs one segment and one {@link BufferBase}, once per
     * buffer and descriptor. A direct buffer's memory never moves, so a base address stays valid while
     * the buffer is reachable; the entry holds the buffer strongly (it is the user's and lives about as
     * long as the connection). The caller keeps the buffer reachable by a fence until the call that
     * uses the address returns.
     *
     * <p>Thread-safe without locks: each entry is one immutable {@link BufferBase} whose final fields
     * make it safely published through a plain field, so a racing reader sees a whole (buffer, base)
     * pair or another whole pair, never a mix; racing misses may lose an entry, which only costs a
     * later miss.
     *
     * @param direct a direct buffer
     * @return the address of its position
     */
    long address(ByteBuffer direct) {
        BufferBase e = recent;
        if (e != null && e.buffer == direct) {
            return e.base + direct.position();
        }
        e = older;
        if (e != null && e.buffer == direct) {
            return e.base + direct.position();
        }
        long base = MemorySegment.ofBuffer(direct).address() - direct.position();
        older = recent;
        recent = new BufferBase(direct, base);
        return base + direct.position();
    }

    /**
     * As {@link #address}, for a buffer of a vectored call with more buffers than the cache holds:
     * looked up, but a miss is not remembered (it would only evict the entries of the single-buffer
     * calls and allocate an entry per buffer and call).
     */
    private long addressUncached(ByteBuffer direct) {
        BufferBase e = recent;
        if (e != null && e.buffer == direct) {
            return e.base + direct.position();
        }
        e = older;
        if (e != null && e.buffer == direct) {
            return e.base + direct.position();
        }
        return MemorySegment.ofBuffer(direct).address();
    }


    /**
     * {@code recvfrom(fd, dst, flags, from, fromLength)}.
     *
     * @param from a sockaddr to fill, or NULL
     * @param fromLength its in-out length, or NULL
     * @param datagram whether a heap buffer must receive the whole datagram (not a chunk)
     * @return the bytes received, or -errno
     */
    long recv(Scratch s, ByteBuffer dst, int flags, MemorySegment from, MemorySegment fromLength,
                     boolean datagram) {
        int pos = dst.position();
        int rem = dst.limit() - pos;
        try {
            long n;
            if (dst.isDirect()) {
                long target = address(dst);
                do {
                    n = (long) Libc.recvfrom.invokeExact(s.callState, fd, target, (long) rem, flags, from, fromLength);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                Reference.reachabilityFence(dst); // its memory is used by address until here
            } else if (rem <= Scratch.HEAP_CHUNK || !datagram) {
                int len = Math.min(rem, Scratch.HEAP_CHUNK);
                long heap = s.heap().address();
                do {
                    n = (long) Libc.recvfrom.invokeExact(s.callState, fd, heap, (long) len, flags, from, fromLength);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                if (n > 0) {
                    dst.put(pos, s.heapView(), 0, (int) n);
                }
            } else {
                return recvLargeDatagram(s, dst, flags, from, fromLength);
            }
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            dst.position(pos + (int) n);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A heap datagram buffer larger than the scratch buffer: rare, so a temporary native buffer. */
    private long recvLargeDatagram(Scratch s, ByteBuffer dst, int flags, MemorySegment from,
                                          MemorySegment fromLength) throws Throwable {
        int pos = dst.position();
        int rem = dst.limit() - pos;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(rem);
            long tmpAddress = tmp.address();
            long n;
            do {
                n = (long) Libc.recvfrom.invokeExact(s.callState, fd, tmpAddress, (long) rem, flags, from, fromLength);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            dst.put(pos, tmp.asByteBuffer(), 0, (int) n);
            dst.position(pos + (int) n);
            return n;
        }
    }

    /**
     * {@code sendto(fd, src, flags, to, toLength)}.
     *
     * @param to a sockaddr, or NULL
     * @param datagram whether a heap buffer must go whole (one datagram), not as a chunk
     * @return the bytes sent, or -errno
     */
    long send(Scratch s, ByteBuffer src, int flags, MemorySegment to, int toLength, boolean datagram) {
        int pos = src.position();
        int rem = src.limit() - pos;
        try {
            long n;
            if (src.isDirect()) {
                long source = address(src);
                do {
                    n = (long) Libc.sendto.invokeExact(s.callState, fd, source, (long) rem, flags, to, toLength);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                Reference.reachabilityFence(src); // its memory is used by address until here
            } else if (rem <= Scratch.HEAP_CHUNK || !datagram) {
                int len = Math.min(rem, Scratch.HEAP_CHUNK);
                s.heapView().put(0, src, pos, len);
                long heap = s.heap().address();
                do {
                    n = (long) Libc.sendto.invokeExact(s.callState, fd, heap, (long) len, flags, to, toLength);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment tmp = arena.allocate(rem);
                    long tmpAddress = tmp.address();
                    tmp.asByteBuffer().put(0, src, pos, rem);
                    do {
                        n = (long) Libc.sendto.invokeExact(s.callState, fd, tmpAddress, (long) rem, flags, to, toLength);
                    } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                }
            }
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            src.position(pos + (int) n);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code read(fd, dst)}, for pipes.
     *
     * @return the bytes read (0 at end of file), or -errno
     */
    long read(Scratch s, ByteBuffer dst) {
        int pos = dst.position();
        int rem = dst.limit() - pos;
        try {
            long n;
            if (dst.isDirect()) {
                long target = address(dst);
                do {
                    n = (long) Libc.read.invokeExact(s.callState, fd, target, (long) rem);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                Reference.reachabilityFence(dst); // its memory is used by address until here
            } else {
                int len = Math.min(rem, Scratch.HEAP_CHUNK);
                long heap = s.heap().address();
                do {
                    n = (long) Libc.read.invokeExact(s.callState, fd, heap, (long) len);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                if (n > 0) {
                    dst.put(pos, s.heapView(), 0, (int) n);
                }
            }
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            dst.position(pos + (int) n);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code write(fd, src)}, for pipes (the JVM ignores SIGPIPE, so a closed reader gives EPIPE).
     *
     * @return the bytes written, or -errno
     */
    long write(Scratch s, ByteBuffer src) {
        int pos = src.position();
        int rem = src.limit() - pos;
        try {
            long n;
            if (src.isDirect()) {
                long source = address(src);
                do {
                    n = (long) Libc.write.invokeExact(s.callState, fd, source, (long) rem);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                Reference.reachabilityFence(src); // its memory is used by address until here
            } else {
                int len = Math.min(rem, Scratch.HEAP_CHUNK);
                s.heapView().put(0, src, pos, len);
                long heap = s.heap().address();
                do {
                    n = (long) Libc.write.invokeExact(s.callState, fd, heap, (long) len);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            }
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            src.position(pos + (int) n);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Fills the thread's iovec array from {@code buffers}: direct ones by address, heap ones by a
     * region of the scratch buffer (copied in first when {@code copyIn}).
     *
     * @return the number of iovecs, in the low 32 bits, and whether any heap region was used, in bit 32
     */
    private long fillIovecs(Scratch s, ByteBuffer[] buffers, boolean copyIn) {
        MemorySegment iov = s.iovecs;
        boolean cacheable = buffers.length <= 2; // the address cache has two entries
        long heapUsed = 0;
        int i = 0;
        // empty buffers take no iovec, as in the JDK: else 64 of them would hide the rest (a false
        // end of stream on read, a false would-block on write)
        for (int next = 0; next < buffers.length && i < Scratch.MAX_IOV; next++) {
            ByteBuffer b = buffers[next];
            int pos = b.position();
            int rem = b.limit() - pos;
            if (rem == 0) {
                continue;
            }
            long base = i++ * Os.IOVEC.byteSize();
            // iov_base is written as a 64-bit integer: safe because every supported OS is LP64
            if (b.isDirect()) {
                iov.set(JAVA_LONG, base, cacheable ? address(b) : addressUncached(b));
                iov.set(JAVA_LONG, base + Os.IOV_LEN, rem);
            } else {
                int len = (int) Math.min(rem, Scratch.HEAP_CHUNK - heapUsed);
                if (copyIn) {
                    s.heapView().put((int) heapUsed, b, pos, len);
                }
                iov.set(JAVA_LONG, base, s.heap().address() + heapUsed);
                iov.set(JAVA_LONG, base + Os.IOV_LEN, len);
                heapUsed += len;
                if (len < rem) {
                    break; // the scratch buffer is full: the rest waits for the next call (a short transfer)
                }
            }
        }
        return i | (heapUsed > 0 ? 1L << 32 : 0);
    }

    /** Advances the buffers by {@code n} bytes in order, copying heap ones out of the scratch buffer when {@code copyOut}. */
    private static void advance(Scratch s, ByteBuffer[] buffers, long n, boolean copyOut) {
        int heapOffset = 0;
        for (int i = 0; n > 0 && i < buffers.length; i++) {
            ByteBuffer b = buffers[i];
            int pos = b.position();
            int done = (int) Math.min(b.limit() - pos, n);
            if (copyOut && !b.isDirect()) {
                b.put(pos, s.heapView(), heapOffset, done);
                heapOffset += done;
            }
            b.position(pos + done);
            n -= done;
        }
    }

    /**
     * {@code readv(fd, dsts)}.
     *
     * @return the bytes read (0 at end of file when the buffers had room), or -errno
     */
    long readv(Scratch s, ByteBuffer[] dsts) {
        try {
            long filled = fillIovecs(s, dsts, false);
            int count = (int) filled;
            long n;
            do {
                n = (long) Libc.readv.invokeExact(s.callState, fd, s.iovecs, count);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            Reference.reachabilityFence(dsts); // direct buffers are used by address until here
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            advance(s, dsts, n, (filled >>> 32) != 0);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code writev(fd, srcs)}, or for a socket {@code sendmsg(fd, srcs, MSG_NOSIGNAL)} so a closed
     * peer gives EPIPE, not SIGPIPE.
     *
     * @return the bytes written, or -errno
     */
    long writev(Scratch s, ByteBuffer[] srcs, boolean socket) {
        try {
            int count = (int) fillIovecs(s, srcs, true);
            long n;
            if (socket) {
                MemorySegment msg = s.msghdr;
                msg.fill((byte) 0);
                msg.set(ADDRESS, Os.MSG_IOV, s.iovecs);
                if (Os.BSD_SOCKADDR) {
                    msg.set(JAVA_INT, Os.MSG_IOVLEN, count);
                } else {
                    msg.set(JAVA_LONG, Os.MSG_IOVLEN, count);
                }
                do {
                    n = (long) Libc.sendmsg.invokeExact(s.callState, fd, msg, Sockets.SEND_FLAGS);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            } else {
                do {
                    n = (long) Libc.writev.invokeExact(s.callState, fd, s.iovecs, count);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            }
            Reference.reachabilityFence(srcs); // direct buffers are used by address until here
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            advance(s, srcs, n, false);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the total bytes remaining in the buffers */
    static long remaining(ByteBuffer[] buffers) {
        long total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        return total;
    }

    /** Downcalls declare Throwable; the handles here throw only errors and runtime exceptions. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected exception from a downcall", t);
    }
}
