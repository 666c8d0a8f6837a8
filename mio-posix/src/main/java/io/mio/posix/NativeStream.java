package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.spi.ConnectState;
import io.mio.spi.NativeStreamIo;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

import static io.mio.spi.Readiness.READABLE;

/**
 * A TCP or Unix-domain stream on a native socket: connected by {@link PosixSockets}, accepted by a
 * {@link NativeListener}, or one of a pair.
 *
 * @param <A> the address type
 */
final class NativeStream<A extends SocketAddress> extends NativeSocket<A> implements NativeStreamIo<A> {
    /** The connect's state: peer, failure, pending error (the target is null for an accepted stream, a pair end and a Unix stream). */
    private final ConnectState<A> connect;

    /**
     * @param provider the backend
     * @param fd the connected (or connecting) descriptor, owned from now on
     * @param family its family
     * @param target the address a non-blocking TCP connect was started to, else null
     */
    NativeStream(PollProvider provider, int fd, int family, A target) {
        // no elision for Unix streams (see ReadElision), nor when turned off by io.mio.posix.readElision=false
        super(provider, fd, family, options(family),
                ReadElision.ENABLED && family != Os.AF_UNIX ? new ReadElision() : null);
        this.connect = new ConnectState<>(target == null ? null : Sockets.text(target));
    }

    private static Set<SocketOption<?>> options(int family) {
        return family == Os.AF_UNIX ? UNIX_OPTIONS : TCP_STREAM_OPTIONS;
    }

    // read(ByteBuffer), read(ByteBuffer[]) and the writes are NativeSource's, shared with pipe ends

    /** Reads without consuming: the bytes stay in the socket; end of stream after shutdown(READ), as a read. */
    @Override
    public int peek(ByteBuffer dst) throws IOException {
        if (inputShut) {
            return endOfInput();
        }
        nfd.acquire();
        try {
            if (!dst.hasRemaining()) {
                return 0;
            }
            long n = nfd.recv(nfd.scratch(), dst, Os.MSG_PEEK, MemorySegment.NULL, MemorySegment.NULL, false);
            return n > 0 ? (int) n : n == 0 ? -1 : Transfers.wouldBlockOrThrow(nfd, READABLE, "peek", n);
        } finally {
            nfd.release();
        }
    }

    @Override
    public void shutdown(Shutdown how) throws IOException {
        if (how != Shutdown.WRITE && elision != null) {
            elision.disable(); // reads must reach the kernel to report the end of stream
        }
        boolean connected = Sockets.shutdown(nfd, how);
        if (how != Shutdown.WRITE) {
            inputShut = true;
        }
        if (!connected && connect.failed()) {
            // not connected because the connect failed (a finished connection shuts down quietly)
            throw Errno.exception("shutdown(" + how + ")", Errno.ENOTCONN);
        }
    }

    /** {@return the connect's state}: peerAddress and takeError are NativeStreamIo's, over it */
    @Override
    public ConnectState<A> connectState() {
        return connect;
    }

    @Override
    String kind() {
        return unix() ? "UnixStream" : "TcpStream";
    }

    @Override
    public String toString() {
        return kind() + "[" + provider().name() + ", " + nfd + (connect.target() != null ? ", to " + connect.target() : "") + "]";
    }
}
