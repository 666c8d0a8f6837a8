package io.mio.posix;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static io.mio.spi.Readiness.READABLE;

/**
 * The stream read with its elision, and the would-block convention of every stream transfer
 * ({@link NativeSource}, {@link NativeStream}): would-block is a return value (0), end of stream is
 * -1, and every other errno becomes the exception {@link Errno#exception} chooses. The read
 * acquires and releases the descriptor and allocates nothing unless it throws. (The other
 * transfers are the I/O objects' own methods; this read is the one {@link NativeSource#read}
 * makes.)
 */
final class Transfers {
    private Transfers() {
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

    /** @return 0 for would-block, after telling the source's registration (see {@link Registration#wouldBlock}) */
    static int wouldBlockOrThrow(NativeFd nfd, int readiness, String call, long negativeErrno)
            throws IOException {
        int errno = (int) -negativeErrno;
        if (errno == Errno.EAGAIN) {
            nfd.wouldBlock(readiness);
            return 0;
        }
        throw Errno.exception(call, errno);
    }
}
