package io.mio.posix;

import io.mio.IoSource;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static io.mio.spi.Readiness.READABLE;
import static io.mio.spi.Readiness.WRITABLE;

/**
 * A source over one guarded descriptor that it owns: every native socket ({@link NativeSocket}) and
 * pipe end ({@link PosixPipe.End}). It links the descriptor to its registration and closes it, and
 * the byte-stream reads and writes of a stream socket and a pipe end live here once: they differ
 * only in the call, recv(2)/send(2) or read(2)/write(2). (A listener or datagram socket inherits
 * them and never uses them: its shape has no such method.)
 *
 * <p>Would-block is a return value (0), end of stream -1, every other errno the exception
 * {@link Errno#exception} chooses; each transfer acquires and releases the descriptor and
 * allocates nothing unless it throws.
 */
abstract class NativeSource extends IoSource implements FdSource {
    /** The guarded descriptor; the transfers take it. */
    final NativeFd nfd;
    /** Whether the descriptor is a socket: send(2) and recv(2) rather than write(2) and read(2). */
    final boolean socket;
    /** A TCP stream's read elision (see ReadElision); null for every other source and when turned off. */
    final ReadElision elision;
    /**
     * Whether a stream's input was shut down: reads then return end of stream without a call,
     * because Linux would still return data queued before or arriving after shutdown(SHUT_RD) (see
     * {@code StreamSocket.shutdown}). Never set for a pipe end.
     */
    volatile boolean inputShut;

    /**
     * @param provider the backend the source belongs to
     * @param fd a descriptor this object now owns
     * @param socket whether it is a socket
     * @param elision its read elision, or null
     */
    NativeSource(PollProvider provider, int fd, boolean socket, ReadElision elision) {
        super(provider);
        this.nfd = new NativeFd(fd, true, this);
        this.socket = socket;
        this.elision = elision;
    }

    @Override
    public final int fd() {
        return nfd.fd;
    }

    @Override
    public final ReadElision readElision() {
        return elision;
    }

    @Override
    public final void attach(Registration registration) {
        nfd.registration = registration;
    }

    /**
     * Reads into a buffer: {@link io.mio.spi.ByteIo#read(ByteBuffer)} of a stream or pipe end. The
     * call itself, with the elision's would-block without a call, is {@link Transfers#read}.
     *
     * @return the bytes read, 0 if it would block (or the buffer is full), -1 at end of stream
     */
    public final int read(ByteBuffer dst) throws IOException {
        if (inputShut) {
            return endOfInput();
        }
        return Transfers.read(nfd, dst, socket, elision);
    }

    /**
     * Reads into buffers in order: {@link io.mio.spi.ByteIo#read(ByteBuffer[])} of a stream or pipe end.
     *
     * @return the bytes read, 0 if it would block (or the buffers are full), -1 at end of stream
     */
    public final long read(ByteBuffer[] dsts) throws IOException {
        if (inputShut) {
            return endOfInput();
        }
        nfd.acquire();
        try {
            if (NativeFd.remaining(dsts) == 0) {
                return 0;
            }
            long n = nfd.readv(nfd.scratch(), dsts);
            return n > 0 ? n : n == 0 ? -1 : Transfers.wouldBlockOrThrow(nfd, READABLE, "readv", n);
        } finally {
            nfd.release();
        }
    }

    /** A read after shutdown(READ): end of stream, without the descriptor, so the closed check is here. */
    final int endOfInput() throws IOException {
        ensureOpen();
        return -1;
    }

    /**
     * Writes from a buffer: {@link io.mio.spi.ByteIo#write(ByteBuffer)} of a stream or pipe end.
     *
     * @return the bytes written, 0 if it would block
     */
    public final int write(ByteBuffer src) throws IOException {
        nfd.acquire();
        try {
            if (!src.hasRemaining() && !socket) {
                return 0; // an empty socket write still makes the call: after shutdown(WRITE) it is EPIPE
            }
            Scratch s = nfd.scratch();
            long n = socket
                    ? nfd.send(s, src, Sockets.SEND_FLAGS, MemorySegment.NULL, 0, false)
                    : nfd.write(s, src);
            return n >= 0 ? (int) n : Transfers.wouldBlockOrThrow(nfd, WRITABLE, "write", n);
        } finally {
            nfd.release();
        }
    }

    /**
     * Writes from buffers in order: {@link io.mio.spi.ByteIo#write(ByteBuffer[])} of a stream or pipe end.
     *
     * @return the bytes written, 0 if it would block
     */
    public final long write(ByteBuffer[] srcs) throws IOException {
        nfd.acquire();
        try {
            if (NativeFd.remaining(srcs) == 0 && !socket) {
                return 0; // as the single-buffer write
            }
            long n = nfd.writev(nfd.scratch(), srcs, socket);
            return n >= 0 ? n : Transfers.wouldBlockOrThrow(nfd, WRITABLE, "writev", n);
        } finally {
            nfd.release();
        }
    }

    @Override
    protected final void implCloseSource() throws IOException {
        nfd.close();
    }
}
