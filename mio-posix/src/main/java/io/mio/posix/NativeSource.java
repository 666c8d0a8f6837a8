package io.mio.posix;

import io.mio.IoSource;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A source over one guarded descriptor that it owns: every native socket ({@link NativeSocket}) and
 * pipe end ({@link PosixPipe.End}). It links the descriptor to its registration and closes it, and
 * the byte-stream writes of a stream socket and a pipe end live here once: they differ only in the
 * call, send(2) or write(2). (A listener or datagram socket inherits them and never uses them: its
 * shape has no such method.)
 */
abstract class NativeSource extends IoSource implements FdSource {
    /** The guarded descriptor; the transfers take it. */
    final NativeFd nfd;
    /** Whether the descriptor is a socket: send(2) and recv(2) rather than write(2) and read(2). */
    final boolean socket;

    /**
     * @param provider the backend the source belongs to
     * @param fd a descriptor this object now owns
     * @param socket whether it is a socket
     */
    NativeSource(PollProvider provider, int fd, boolean socket) {
        super(provider);
        this.nfd = new NativeFd(fd, true, this);
        this.socket = socket;
    }

    @Override
    public final int fd() {
        return nfd.fd;
    }

    @Override
    public final void attach(Registration registration) {
        nfd.registration = registration;
    }

    /**
     * Writes from a buffer: {@link io.mio.spi.ByteIo#write(ByteBuffer)} of a stream or pipe end.
     *
     * @return the bytes written, 0 if it would block
     */
    public final int write(ByteBuffer src) throws IOException {
        return Transfers.write(nfd, src, socket);
    }

    /**
     * Writes from buffers in order: {@link io.mio.spi.ByteIo#write(ByteBuffer[])} of a stream or pipe end.
     *
     * @return the bytes written, 0 if it would block
     */
    public final long write(ByteBuffer[] srcs) throws IOException {
        return Transfers.write(nfd, srcs, socket);
    }

    @Override
    protected final void implCloseSource() throws IOException {
        nfd.close();
    }
}
