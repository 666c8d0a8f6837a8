package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.spi.ConnectState;
import io.mio.spi.PollProvider;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A TCP or Unix-domain stream on a native socket: connected by {@link PosixSockets}, accepted by a
 * {@link NativeListener}, or one of a pair.
 *
 * @param <A> the address type
 */
final class NativeStream<A extends SocketAddress> extends NativeSocket<A>
        implements StreamIo<A>, ConnectState.Socket<A> {
    /** Null for Unix streams (see ReadElision) and when turned off by {@code io.mio.posix.readElision=false}. */
    private final ReadElision elision;
    /** The connect's state: peer, failure, pending error (the target is null for an accepted stream, a pair end and a Unix stream). */
    private final ConnectState<A> connect;
    /**
     * Whether the input was shut down: reads then return end of stream without a call, because
     * Linux would still return data queued before or arriving after shutdown(SHUT_RD) (see
     * {@code StreamSocket.shutdown}).
     */
    private volatile boolean inputShut;

    /**
     * @param provider the backend
     * @param fd the connected (or connecting) descriptor, owned from now on
     * @param family its family
     * @param target the address a non-blocking TCP connect was started to, else null
     */
    NativeStream(PollProvider provider, int fd, int family, A target) {
        super(provider, fd, family, options(family));
        this.elision = ReadElision.ENABLED && family != Os.AF_UNIX ? new ReadElision() : null;
        this.connect = new ConnectState<>(target == null ? null : text(target));
    }

    private static Set<SocketOption<?>> options(int family) {
        return family == Os.AF_UNIX ? UNIX_OPTIONS : TCP_STREAM_OPTIONS;
    }

    @Override
    public ReadElision readElision() {
        return elision;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inputShut ? endOfInput() : Transfers.read(nfd, dst, true, elision);
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return inputShut ? endOfInput() : Transfers.read(nfd, dsts);
    }

    @Override
    public int peek(ByteBuffer dst) throws IOException {
        return inputShut ? endOfInput() : Transfers.peek(nfd, dst);
    }

    /** A read after shutdown(READ): end of stream, without the descriptor, so the closed check is here. */
    private int endOfInput() throws IOException {
        ensureOpen();
        return -1;
    }

    // the writes are NativeSource's, shared with pipe ends

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

    @Override
    public A peerAddress() throws IOException {
        return connect.peerAddress(this);
    }

    @Override
    public IOException takeError() throws IOException {
        return connect.takeError(this);
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
