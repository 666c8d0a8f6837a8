package io.mio.posix;

import io.mio.spi.UseGuard;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A file descriptor guarded against use after close, and the byte-moving calls made on it.
 *
 * <p><b>The guard</b> is {@link UseGuard}'s: every operation {@link #acquire()}s the descriptor
 * before its system call and {@link #release()}s it after; {@link #close()} marks the descriptor
 * closed so no operation can start, and whoever leaves last (the closer, or the last operation still
 * running) closes the number. So a close racing a read on another thread never lets that read reach
 * a closed descriptor or, worse, a recycled number now owned by something else: it either finishes
 * on the still-open descriptor or fails with {@link ClosedChannelException} before its call.
 *
 * <p><b>The transfers</b> return the bytes moved, or {@code -errno} (never an exception, so the
 * would-block case costs no allocation), retry {@code EINTR}, and advance the buffers' positions.
 * A buffer's memory is handed to the kernel one of two ways, chosen once per buffer and descriptor
 * ({@link #remember}):
 * <ul>
 * <li>memory only the GC frees (a {@code ByteBuffer.allocateDirect} buffer, a mapped file, a buffer
 *     of the global or an automatic arena) by raw address: the buffer is kept reachable by a
 *     {@link Reference#reachabilityFence fence} until the call returns, and nothing else can free
 *     it, so no check is needed and the call allocates nothing;</li>
 * <li>memory of a confined or shared arena, which its owner may close, as a {@link MemorySegment}
 *     through a checked handle (the {@code *Checked} handles of {@link Libc}): the linker then does
 *     what the JDK's NIO does for such buffers: before the call, a closed scope is an
 *     {@link IllegalStateException} and another thread's confined buffer a
 *     {@link WrongThreadException}; during it the scope is held, so a racing {@code Arena.close()}
 *     fails instead of freeing memory the kernel is writing.</li>
 * </ul>
 * Heap buffers are copied through a pooled native block ({@link BlockPool}, which says why not in
 * place), at most {@link BlockPool#HEAP_CHUNK} bytes per call (a short read or write), except
 * datagrams, which must not be split: a larger heap datagram gets a temporary native buffer.
 * Vectored calls put GC-freed direct buffers and heap regions in their iovec array and stop before
 * an arena-backed buffer, which a later call moves alone (a short transfer, which is legal).
 */
final class NativeFd extends UseGuard {
    /** The buffer of an empty socket write (all of a vectored write's buffers were empty). */
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    /** The descriptor number; meaningful while not closed. */
    final int fd;
    /** Whether close() closes the number (false for a user's SourceFd). */
    private final boolean owned;
    /** The source this descriptor belongs to, named by the exception of a use after close; may be null. */
    private final Object owner;
    /** The registration the source's would-block is reported to, or null; set by the registry. */
    volatile Registration registration;
    /** The scratch of the thread that called last: see {@link Scratch#of}; racy by design. */
    private Scratch scratch;
    /** The cache of {@link #remember}: the last direct buffer added, and the one before. */
    private Remembered recent;
    private Remembered older;

    /**
     * Scope classes whose memory only the GC frees: a buffer of one of these may be passed by
     * address. Learned from the scopes of a plain direct buffer, the global arena and an automatic
     * arena, because the API has no "may be closed" query; a scope of any other class (a confined
     * or shared arena, or one a later JDK adds) takes the checked way, the safe default.
     */
    private static final Set<Class<?>> GC_FREED_SCOPES = Set.copyOf(List.of(
            MemorySegment.ofBuffer(ByteBuffer.allocateDirect(1)).scope().getClass(),
            Arena.global().scope().getClass(),
            Arena.ofAuto().scope().getClass()));

    /**
     * A direct buffer a descriptor moved bytes through, held weakly (a pooled buffer is not kept
     * alive by a descriptor that used it once), with the address of its element 0 and, when its
     * memory may be freed or confined by an arena, the segment of the whole buffer. Immutable, so it
     * can be shared between threads unguarded.
     */
    private static final class Remembered extends WeakReference<ByteBuffer> {
        /** The address of element 0. */
        final long base;
        /** Null when only the GC frees the memory; else the buffer's segment from 0 to its capacity. */
        final MemorySegment checked;

        Remembered(ByteBuffer buffer, long base, MemorySegment checked) {
            super(buffer);
            this.base = base;
            this.checked = checked;
        }
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
     * Tells the source's registration, if any, that an operation would block.
     *
     * @param readiness the readiness it waited for (READABLE or WRITABLE)
     */
    void wouldBlock(int readiness) {
        Registration r = registration;
        if (r != null) {
            r.wouldBlock(readiness);
        }
    }

    /** @return the calling thread's {@link Scratch}, without a {@code ThreadLocal} lookup when it called last */
    Scratch scratch() {
        Scratch cached = scratch;
        Scratch s = Scratch.of(cached);
        if (s != cached) {
            scratch = s;
        }
        return s;
    }

    /**
     * Closes: no operation starts after this; the number is closed now, or by the last operation
     * still in progress. Closing twice does nothing.
     *
     * @throws IOException if the close(2) made now fails
     */
    void close() throws IOException {
        if (markClosed()) {
            int errno = closeNumber();
            if (errno != 0) {
                throw Errno.exception("close(fd " + fd + ")", errno);
            }
        }
    }

    @Override
    protected void releaseLate() {
        closeNumber(); // nobody to report a failure to: the closer has returned
    }

    @Override
    protected Object owner() {
        return owner != null ? owner : this;
    }

    /** @return 0 or the errno of close(2); EINTR is not retried (Linux has released the number anyway) */
    private int closeNumber() {
        if (!owned) {
            return 0;
        }
        return Descriptors.closeErrno(fd);
    }

    @Override
    public String toString() {
        return "fd " + fd + (isClosed() ? " (closed)" : "");
    }

    // transfers: the caller has acquired the descriptor; they use the field fd

    /**
     * How to pass a direct buffer: its cache entry. {@code MemorySegment.ofBuffer} makes a segment
     * (and a scope) per call, which C2 does not always scalar-replace, so each descriptor remembers
     * the last two direct buffers it moved bytes through, by identity: a connection reuses one or two
     * buffers (one for reads, one for writes), so in steady state this hits every time, however many
     * buffers and sockets a thread serves. A miss costs a segment and an entry, once per buffer and
     * descriptor (and, with buffers taken from a pool per call, once per call). Entries hold the
     * buffer weakly; a direct buffer's memory never moves, so its base address stays valid while the
     * buffer is reachable, which the caller ensures by a fence until the call returns.
     *
     * <p>Thread-safe without locks: each entry is immutable and safely published (final fields), so
     * a racing reader sees a whole entry or another whole entry; racing misses may lose an entry,
     * which only costs a later miss.
     *
     * @param direct a direct buffer
     * @return its entry
     */
    private Remembered remember(ByteBuffer direct) {
        Remembered e = recent;
        if (e != null && e.refersTo(direct)) {
            return e;
        }
        e = older;
        if (e != null && e.refersTo(direct)) {
            return e;
        }
        e = entry(direct);
        older = recent;
        recent = e;
        return e;
    }

    /** As {@link #remember}, without filling the cache: for buffers past the second of a vectored call. */
    private Remembered lookUp(ByteBuffer direct) {
        Remembered e = recent;
        if (e != null && e.refersTo(direct)) {
            return e;
        }
        e = older;
        if (e != null && e.refersTo(direct)) {
            return e;
        }
        return entry(direct);
    }

    private static Remembered entry(ByteBuffer direct) {
        // the whole buffer, whatever its position and limit now
        MemorySegment whole = MemorySegment.ofBuffer(direct.duplicate().clear());
        boolean gcFreed = GC_FREED_SCOPES.contains(whole.scope().getClass());
        return new Remembered(direct, whole.address(), gcFreed ? null : whole);
    }

    // Each transfer has three ways: a heap buffer through a pooled native block (BlockPool), an
    // arena-backed direct buffer as a segment through a checked handle (the *Checked helpers), a
    // GC-freed direct buffer by address.

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
            if (!dst.isDirect()) {
                if (rem > BlockPool.HEAP_CHUNK && datagram) {
                    return recvLargeDatagram(s, dst, flags, from, fromLength);
                }
                n = recvHeap(s, dst, pos, rem, flags, from, fromLength);
            } else {
                Remembered e = remember(dst);
                if (e.checked != null) {
                    n = recvChecked(s, e.checked.asSlice(pos, rem), rem, flags, from, fromLength);
                } else {
                    long target = e.base + pos;
                    do {
                        n = (long) Libc.recvfrom.invokeExact(s.callState, fd, target, (long) rem, flags, from, fromLength);
                    } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                    Reference.reachabilityFence(dst); // its memory is used by address until here
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

    // the heap and checked ways are methods of their own, so the direct way stays small enough to inline

    private long recvHeap(Scratch s, ByteBuffer dst, int pos, int rem, int flags, MemorySegment from,
                          MemorySegment fromLength) throws Throwable {
        BlockPool.Block b = BlockPool.acquire();
        try {
            int len = Math.min(rem, BlockPool.HEAP_CHUNK);
            long n;
            do {
                n = (long) Libc.recvfrom.invokeExact(s.callState, fd, b.heapAddress, (long) len, flags, from, fromLength);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            if (n > 0) {
                dst.put(pos, b.heapView, 0, (int) n);
            }
            return n;
        } finally {
            BlockPool.release(b);
        }
    }

    private long recvChecked(Scratch s, MemorySegment target, int rem, int flags, MemorySegment from,
                             MemorySegment fromLength) throws Throwable {
        long n;
        do {
            n = (long) Libc.recvfromChecked.invokeExact(s.callState, fd, target, (long) rem, flags, from, fromLength);
        } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
        return n;
    }

    /** A heap datagram buffer larger than a block's chunk: rare, so a temporary native buffer. */
    private long recvLargeDatagram(Scratch s, ByteBuffer dst, int flags, MemorySegment from,
                                   MemorySegment fromLength) throws Throwable {
        int pos = dst.position();
        int rem = dst.limit() - pos;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(rem);
            long n = recvChecked(s, tmp, rem, flags, from, fromLength);
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
            if (!src.isDirect()) {
                if (rem > BlockPool.HEAP_CHUNK && datagram) {
                    try (Arena arena = Arena.ofConfined()) { // a large heap datagram: rare, a temporary native buffer
                        MemorySegment tmp = arena.allocate(rem);
                        tmp.asByteBuffer().put(0, src, pos, rem);
                        n = sendChecked(s, tmp, rem, flags, to, toLength);
                    }
                } else {
                    n = sendHeap(s, src, pos, rem, flags, to, toLength);
                }
            } else {
                Remembered e = remember(src);
                if (e.checked != null) {
                    n = sendChecked(s, e.checked.asSlice(pos, rem), rem, flags, to, toLength);
                } else {
                    long source = e.base + pos;
                    do {
                        n = (long) Libc.sendto.invokeExact(s.callState, fd, source, (long) rem, flags, to, toLength);
                    } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                    Reference.reachabilityFence(src); // its memory is used by address until here
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

    private long sendHeap(Scratch s, ByteBuffer src, int pos, int rem, int flags, MemorySegment to, int toLength)
            throws Throwable {
        BlockPool.Block b = BlockPool.acquire();
        try {
            int len = Math.min(rem, BlockPool.HEAP_CHUNK);
            b.heapView.put(0, src, pos, len);
            long n;
            do {
                n = (long) Libc.sendto.invokeExact(s.callState, fd, b.heapAddress, (long) len, flags, to, toLength);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            return n;
        } finally {
            BlockPool.release(b);
        }
    }

    private long sendChecked(Scratch s, MemorySegment source, int rem, int flags, MemorySegment to, int toLength)
            throws Throwable {
        long n;
        do {
            n = (long) Libc.sendtoChecked.invokeExact(s.callState, fd, source, (long) rem, flags, to, toLength);
        } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
        return n;
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
            if (!dst.isDirect()) {
                n = readHeap(s, dst, pos, rem);
            } else {
                Remembered e = remember(dst);
                if (e.checked != null) {
                    n = readChecked(s, e.checked.asSlice(pos, rem), rem);
                } else {
                    long target = e.base + pos;
                    do {
                        n = (long) Libc.read.invokeExact(s.callState, fd, target, (long) rem);
                    } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                    Reference.reachabilityFence(dst); // its memory is used by address until here
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

    private long readHeap(Scratch s, ByteBuffer dst, int pos, int rem) throws Throwable {
        BlockPool.Block b = BlockPool.acquire();
        try {
            int len = Math.min(rem, BlockPool.HEAP_CHUNK);
            long n;
            do {
                n = (long) Libc.read.invokeExact(s.callState, fd, b.heapAddress, (long) len);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            if (n > 0) {
                dst.put(pos, b.heapView, 0, (int) n);
            }
            return n;
        } finally {
            BlockPool.release(b);
        }
    }

    private long readChecked(Scratch s, MemorySegment target, int rem) throws Throwable {
        long n;
        do {
            n = (long) Libc.readChecked.invokeExact(s.callState, fd, target, (long) rem);
        } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
        return n;
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
            if (!src.isDirect()) {
                n = writeHeap(s, src, pos, rem);
            } else {
                Remembered e = remember(src);
                if (e.checked != null) {
                    n = writeChecked(s, e.checked.asSlice(pos, rem), rem);
                } else {
                    long source = e.base + pos;
                    do {
                        n = (long) Libc.write.invokeExact(s.callState, fd, source, (long) rem);
                    } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
                    Reference.reachabilityFence(src); // its memory is used by address until here
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

    private long writeHeap(Scratch s, ByteBuffer src, int pos, int rem) throws Throwable {
        BlockPool.Block b = BlockPool.acquire();
        try {
            int len = Math.min(rem, BlockPool.HEAP_CHUNK);
            b.heapView.put(0, src, pos, len);
            long n;
            do {
                n = (long) Libc.write.invokeExact(s.callState, fd, b.heapAddress, (long) len);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            return n;
        } finally {
            BlockPool.release(b);
        }
    }

    private long writeChecked(Scratch s, MemorySegment source, int rem) throws Throwable {
        long n;
        do {
            n = (long) Libc.writeChecked.invokeExact(s.callState, fd, source, (long) rem);
        } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
        return n;
    }

    /**
     * Fills the block's iovec array from {@code buffers}, in order, up to {@link BlockPool#MAX_IOV}:
     * GC-freed direct buffers by address, heap ones by a region of the block's chunk (copied in
     * first when {@code copyIn}); empty buffers are skipped and do not count. It stops before an
     * arena-backed buffer (see the class comment) and when the chunk is full (a short transfer).
     *
     * @return the number of iovecs, in the low 32 bits, and whether any heap region was used, in bit 32
     */
    private long fillIovecs(BlockPool.Block block, ByteBuffer[] buffers, boolean copyIn) {
        MemorySegment iov = block.iovecs;
        boolean cacheable = buffers.length <= 2; // the address cache has two entries
        long heapUsed = 0;
        int count = 0;
        for (int i = 0; i < buffers.length && count < BlockPool.MAX_IOV; i++) {
            ByteBuffer b = buffers[i];
            int pos = b.position();
            int rem = b.limit() - pos;
            if (rem == 0) {
                // empty buffers take no iovec, as in the JDK: else 64 of them would hide the rest (a
                // false end of stream on read, a false would-block on write)
                continue;
            }
            long at = count * Os.IOVEC.byteSize();
            // iov_base is written as a 64-bit integer: safe because every supported OS is LP64
            if (b.isDirect()) {
                Remembered e = cacheable ? remember(b) : lookUp(b);
                if (e.checked != null) {
                    break;
                }
                iov.set(JAVA_LONG, at, e.base + pos);
                iov.set(JAVA_LONG, at + Os.IOV_LEN, rem);
                count++;
            } else {
                int len = (int) Math.min(rem, BlockPool.HEAP_CHUNK - heapUsed);
                if (copyIn) {
                    block.heapView.put((int) heapUsed, b, pos, len);
                }
                iov.set(JAVA_LONG, at, block.heapAddress + heapUsed);
                iov.set(JAVA_LONG, at + Os.IOV_LEN, len);
                heapUsed += len;
                count++;
                if (len < rem) {
                    break; // the chunk is full: the rest waits for the next call (a short transfer)
                }
            }
        }
        return count | (heapUsed > 0 ? 1L << 32 : 0);
    }

    /** @return the first buffer with bytes remaining, or null */
    private static ByteBuffer firstRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return b;
            }
        }
        return null;
    }

    /** Advances the buffers by {@code n} bytes in order, copying heap ones out of the block's chunk when {@code copyOut}. */
    private static void advance(BlockPool.Block block, ByteBuffer[] buffers, long n, boolean copyOut) {
        int heapOffset = 0;
        for (int i = 0; n > 0 && i < buffers.length; i++) {
            ByteBuffer b = buffers[i];
            int pos = b.position();
            int done = (int) Math.min(b.limit() - pos, n);
            if (copyOut && done > 0 && !b.isDirect()) {
                b.put(pos, block.heapView, heapOffset, done);
                heapOffset += done;
            }
            b.position(pos + done);
            n -= done;
        }
    }

    /**
     * {@code readv(fd, dsts)}; when the first buffer with room is arena-backed, a {@link #read} into
     * it alone.
     *
     * @return the bytes read (0 at end of file when the buffers had room), or -errno
     */
    long readv(Scratch s, ByteBuffer[] dsts) {
        BlockPool.Block block = BlockPool.acquire();
        try {
            long filled = fillIovecs(block, dsts, false);
            int count = (int) filled;
            if (count == 0) {
                ByteBuffer first = firstRemaining(dsts);
                return first == null ? 0 : read(s, first);
            }
            long n;
            do {
                n = (long) Libc.readv.invokeExact(s.callState, fd, block.iovecs, count);
            } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            Reference.reachabilityFence(dsts); // direct buffers are used by address until here
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            advance(block, dsts, n, (filled >>> 32) != 0);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            BlockPool.release(block);
        }
    }

    /**
     * {@code writev(fd, srcs)}, or for a socket {@code sendmsg(fd, srcs, MSG_NOSIGNAL)} so a closed
     * peer gives EPIPE, not SIGPIPE; when the first buffer with bytes is arena-backed, a
     * {@link #write} or {@link #send} of it alone.
     *
     * @return the bytes written, or -errno
     */
    long writev(Scratch s, ByteBuffer[] srcs, boolean socket) {
        BlockPool.Block block = BlockPool.acquire();
        try {
            int count = (int) fillIovecs(block, srcs, true);
            if (count == 0) {
                ByteBuffer first = firstRemaining(srcs);
                if (first == null) {
                    // nothing to write: a socket still makes the (empty) call, so a write after
                    // shutdown(WRITE) is EPIPE as with one buffer
                    return socket ? send(s, EMPTY, Sockets.SEND_FLAGS, MemorySegment.NULL, 0, false) : 0;
                }
                return socket ? send(s, first, Sockets.SEND_FLAGS, MemorySegment.NULL, 0, false) : write(s, first);
            }
            long n;
            if (socket) {
                MemorySegment msg = block.msghdr;
                msg.fill((byte) 0);
                msg.set(ADDRESS, Os.MSG_IOV, block.iovecs);
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
                    n = (long) Libc.writev.invokeExact(s.callState, fd, block.iovecs, count);
                } while (n < 0 && Downcalls.errno(s.callState) == Errno.EINTR);
            }
            Reference.reachabilityFence(srcs); // direct buffers are used by address until here
            if (n < 0) {
                return -Downcalls.errno(s.callState);
            }
            advance(block, srcs, n, false);
            return n;
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            BlockPool.release(block);
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
