package io.mio.posix;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;

import static io.mio.spi.Readiness.READABLE;
import static io.mio.spi.Readiness.WRITABLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The API's conventions on top of {@link NativeFd}'s transfers: would-block is a return value
 * (0 for streams, -1 or null or false for datagrams), end of stream is -1, and every other errno
 * becomes the exception {@link Errno#exception} chooses. Each method acquires and releases the
 * descriptor; none allocates unless it throws or returns an address.
 */
final class Transfers {
    private Transfers() {
    }

    /** Stream read: bytes read, 0 if it would block (or the buffer is full), -1 at end of stream. */
    static int read(NativeFd nfd, ByteBuffer dst, boolean socket) throws IOException {
        return read(nfd, dst, socket, null);
    }

    /**
     * Stream read that may answer would-block without a system call after a short read.
     *
     * @param elision the stream's {@link ReadElision}, or null to always make the call
     */
    static int read(NativeFd nfd, ByteBuffer dst, boolean socket, ReadElision elision) throws IOException {
        if (elision != null && elision.elide()) {
            // see ReadElision: the last read was short and no event came since. No system call, so
            // no acquire: the closed check alone, one load instead of a CAS pair on the read that
            // ends every edge. It is a would-block all the same: a backend that re-arms on it (the
            // completion core's one-shot polls) does so now; epoll's registration ignores it
            nfd.ensureOpen();
            nfd.wouldBlock(READABLE);
            return 0;
        }
        nfd.acquire();
        try {
            int rem = dst.remaining();
            if (rem == 0) {
                return 0;
            }
            long snapshot = elision != null ? elision.beforeRead() : 0;
            Scratch s = nfd.scratch();
            long n = socket
                    ? nfd.recv(s, dst, 0, MemorySegment.NULL, MemorySegment.NULL, false)
                    : nfd.read(s, dst);
            if (elision != null) {
                // a heap buffer asks for at most one chunk of the pooled block
                elision.afterRead(snapshot, dst.isDirect() ? rem : Math.min(rem, BlockPool.HEAP_CHUNK), n);
            }
            return n > 0 ? (int) n : n == 0 ? -1 : wouldBlockOrThrow(nfd, READABLE, "read", n);
        } finally {
            nfd.release();
        }
    }

    /** Stream peek: as read, but the bytes stay in the socket. */
    static int peek(NativeFd nfd, ByteBuffer dst) throws IOException {
        nfd.acquire();
        try {
            if (!dst.hasRemaining()) {
                return 0;
            }
            long n = nfd.recv(nfd.scratch(), dst, Os.MSG_PEEK, MemorySegment.NULL, MemorySegment.NULL, false);
            return n > 0 ? (int) n : n == 0 ? -1 : wouldBlockOrThrow(nfd, READABLE, "peek", n);
        } finally {
            nfd.release();
        }
    }

    /** Vectored stream read. */
    static long read(NativeFd nfd, ByteBuffer[] dsts) throws IOException {
        nfd.acquire();
        try {
            if (NativeFd.remaining(dsts) == 0) {
                return 0;
            }
            long n = nfd.readv(nfd.scratch(), dsts);
            return n > 0 ? n : n == 0 ? -1 : wouldBlockOrThrow(nfd, READABLE, "readv", n);
        } finally {
            nfd.release();
        }
    }

    /** Stream write: bytes written, 0 if it would block. */
    static int write(NativeFd nfd, ByteBuffer src, boolean socket) throws IOException {
        nfd.acquire();
        try {
            if (!src.hasRemaining() && !socket) {
                return 0; // an empty socket write still makes the call: after shutdown(WRITE) it is EPIPE
            }
            Scratch s = nfd.scratch();
            long n = socket
                    ? nfd.send(s, src, Sockets.SEND_FLAGS, MemorySegment.NULL, 0, false)
                    : nfd.write(s, src);
            return n >= 0 ? (int) n : wouldBlockOrThrow(nfd, WRITABLE, "write", n);
        } finally {
            nfd.release();
        }
    }

    /** Vectored stream write. */
    static long write(NativeFd nfd, ByteBuffer[] srcs, boolean socket) throws IOException {
        nfd.acquire();
        try {
            if (NativeFd.remaining(srcs) == 0 && !socket) {
                return 0; // as the single-buffer write
            }
            long n = nfd.writev(nfd.scratch(), srcs, socket);
            return n >= 0 ? n : wouldBlockOrThrow(nfd, WRITABLE, "writev", n);
        } finally {
            nfd.release();
        }
    }

    /** @return 0 for would-block, after telling the source's registration (see {@link Registration#wouldBlock}) */
    private static int wouldBlockOrThrow(NativeFd nfd, int readiness, String call, long negativeErrno)
            throws IOException {
        int errno = (int) -negativeErrno;
        if (errno == Errno.EAGAIN) {
            nfd.wouldBlock(readiness);
            return 0;
        }
        throw Errno.exception(call, errno);
    }

    // datagrams

    /** Receives one datagram from the connected peer: its length, or -1 if none is waiting. */
    static int recv(NativeFd nfd, ByteBuffer dst, int flags) throws IOException {
        nfd.acquire();
        try {
            long n = nfd.recv(nfd.scratch(), dst, flags, MemorySegment.NULL, MemorySegment.NULL, true);
            if (n >= 0) {
                return (int) n;
            }
            return datagramWouldBlockOrThrow(nfd, READABLE, (flags & Os.MSG_PEEK) != 0 ? "peek" : "recv", n);
        } finally {
            nfd.release();
        }
    }

    /**
     * Receives one datagram and leaves its sender in the thread's scratch address.
     *
     * @return the sender's sockaddr length, or -1 if none is waiting
     */
    static int receiveFrom(NativeFd nfd, ByteBuffer dst, int flags, Scratch s) throws IOException {
        nfd.acquire();
        try {
            s.length().set(JAVA_INT, 0, (int) Os.SOCKADDR_STORAGE.byteSize());
            long n = nfd.recv(s, dst, flags, s.address(), s.length(), true);
            if (n >= 0) {
                return s.length().get(JAVA_INT, 0);
            }
            return datagramWouldBlockOrThrow(nfd, READABLE, (flags & Os.MSG_PEEK) != 0 ? "peek" : "recvfrom", n);
        } finally {
            nfd.release();
        }
    }

    /**
     * Sends one datagram, to the address of {@code toLength} bytes in the thread's scratch, or to the
     * connected peer when {@code toLength} is 0.
     *
     * @return whether it was sent (false: would block)
     */
    static boolean send(NativeFd nfd, ByteBuffer src, Scratch s, int toLength) throws IOException {
        nfd.acquire();
        try {
            long n = nfd.send(s, src, Sockets.SEND_FLAGS, toLength == 0 ? MemorySegment.NULL : s.address(),
                    toLength, true);
            if (n >= 0) {
                return true;
            }
            return datagramWouldBlockOrThrow(nfd, WRITABLE, toLength == 0 ? "send" : "sendto", n) == 0;
        } finally {
            nfd.release();
        }
    }

    /** @return -1 for would-block; a connected UDP socket's ICMP port unreachable is a PortUnreachableException */
    private static int datagramWouldBlockOrThrow(NativeFd nfd, int readiness, String call, long negativeErrno)
            throws IOException {
        int errno = (int) -negativeErrno;
        if (errno == Errno.EAGAIN) {
            nfd.wouldBlock(readiness);
            return -1;
        }
        if (errno == Errno.ECONNREFUSED) {
            throw new PortUnreachableException(Errno.message(call, errno));
        }
        throw Errno.exception(call, errno);
    }
}
