package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.Shutdown;
import io.mio.net.TcpStream;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Set;

/** A TCP connection on a native socket; connected by {@link PosixSockets#connectTcpStream} or accepted. */
final class PosixTcpStream extends TcpStream implements FdSource {
    static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS,
            MioSocketOptions.IP_TTL, MioSocketOptions.IPV6_V6ONLY);

    private final NativeSocket socket;
    /** Null when turned off by {@code io.mio.posix.readElision=false}. */
    private final ReadElision elision = ReadElision.ENABLED ? new ReadElision() : null;
    /** The address a connect was started to; null for an accepted stream. */
    private final InetSocketAddress target;
    /** The peer, once known: it never changes, so it is read once. */
    private volatile InetSocketAddress peer;
    /** The errno of a failed connect, once seen; the stream stays failed. */
    private volatile int connectErrno;
    /** An SO_ERROR that peerAddress() read (reading clears it), kept for takeError(). */
    private volatile int pendingErrno;

    PosixTcpStream(PollProvider provider, int fd, int family, InetSocketAddress target) {
        super(provider);
        this.socket = new NativeSocket(fd, family, this);
        this.target = target;
    }

    @Override
    public int fd() {
        return socket.fd();
    }

    @Override
    public void attach(Registration registration) {
        socket.nfd.registration = registration;
    }

    @Override
    public ReadElision readElision() {
        return elision;
    }

    @Override
    protected int implRead(ByteBuffer dst) throws IOException {
        return socket.inputShut ? -1 : Transfers.read(socket.nfd, dst, true, elision);
    }

    @Override
    protected long implRead(ByteBuffer[] dsts) throws IOException {
        return socket.inputShut ? -1 : Transfers.read(socket.nfd, dsts);
    }

    @Override
    protected int implWrite(ByteBuffer src) throws IOException {
        return Transfers.write(socket.nfd, src, true);
    }

    @Override
    protected long implWrite(ByteBuffer[] srcs) throws IOException {
        return Transfers.write(socket.nfd, srcs, true);
    }

    @Override
    protected int implPeek(ByteBuffer dst) throws IOException {
        return socket.inputShut ? -1 : Transfers.peek(socket.nfd, dst);
    }

    @Override
    protected void implShutdown(Shutdown how) throws IOException {
        if (how != Shutdown.WRITE && elision != null) {
            elision.disable(); // reads must reach the kernel to report the end of stream
        }
        if (!socket.shutdown(how) && connectErrno != 0) {
            // not connected because the connect failed (a finished connection shuts down quietly)
            throw Errno.exception("shutdown(" + how + ")", Errno.ENOTCONN);
        }
    }

    @Override
    protected InetSocketAddress implLocalAddress() throws IOException {
        return Sockets.inetName(socket.nfd, false);
    }

    /**
     * The peer, or null while connecting. When getpeername says "not connected" on a stream that
     * was connecting, SO_ERROR tells a failed connect (thrown, and kept for takeError) from one
     * still in progress.
     */
    @Override
    protected InetSocketAddress implPeerAddress() throws IOException {
        InetSocketAddress known = peer;
        if (known != null) {
            return known;
        }
        if (connectErrno != 0) {
            throw error(connectErrno);
        }
        known = Sockets.inetName(socket.nfd, true);
        if (known != null) {
            peer = known;
            return known;
        }
        if (target != null) {
            int errno = Sockets.takeErrno(socket.nfd);
            if (errno != 0) {
                connectErrno = errno;
                pendingErrno = errno;
                throw error(errno);
            }
        }
        return null;
    }

    @Override
    protected IOException implTakeError() throws IOException {
        int errno = pendingErrno;
        if (errno != 0) {
            pendingErrno = 0;
            return error(errno);
        }
        errno = Sockets.takeErrno(socket.nfd);
        if (errno == 0) {
            return null;
        }
        if (target != null && peer == null) {
            connectErrno = errno;
        }
        return error(errno);
    }

    private IOException error(int errno) {
        return target != null && peer == null
                ? Errno.exception("connect(" + Sockets.text(target) + ")", errno)
                : Errno.exception("socket error (SO_ERROR)", errno);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    protected void implCloseSource() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "TcpStream[" + provider().name() + ", " + socket.nfd + (target != null ? ", to " + Sockets.text(target) : "") + "]";
    }
}
