package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.PollProvider;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A non-blocking TCP connection.
 *
 * <p>A connect is non-blocking, as in mio: {@link #connect} returns at once, and the steps are
 * <ol>
 * <li>call {@code connect} and register the stream for {@link io.mio.Interest#WRITABLE};</li>
 * <li>wait for a writable (or error) event;</li>
 * <li>check {@link #takeError()}: a non-null error (e.g. {@link java.net.ConnectException}) means the
 *     connect failed;</li>
 * <li>check {@link #peerAddress()}: non-null means connected; {@code null} means not yet (a spurious
 *     event), so wait again.</li>
 * </ol>
 */
public final class TcpStream extends StreamSocket<InetSocketAddress> {
    /**
     * Wraps a backend's stream; for backends (the {@link PollProvider} factories). Users get
     * streams from {@link #connect} and {@link TcpListener#accept()}.
     *
     * @param io the backend's TCP stream, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    public TcpStream(StreamIo<InetSocketAddress> io) {
        super(io);
    }

    /**
     * Starts connecting to {@code address} with the default backend.
     *
     * @param address a resolved address
     * @return the stream, connecting
     * @throws IOException if the connect fails at once or no backend is available
     */
    public static TcpStream connect(InetSocketAddress address) throws IOException {
        return connect(address, PollProvider.systemDefault());
    }

    /**
     * Starts connecting to {@code address} with {@code provider}'s backend.
     *
     * @param address a resolved address
     * @param provider the backend, e.g. {@code poll.provider()}
     * @return the stream, connecting
     * @throws IllegalArgumentException if the address is unresolved
     * @throws IOException if the connect fails at once
     */
    public static TcpStream connect(InetSocketAddress address, PollProvider provider) throws IOException {
        return Objects.requireNonNull(provider, "provider").connectTcpStream(Checks.resolved(address));
    }

    /**
     * Reads into {@code dst} without removing the bytes from the socket. A peek leaves readiness
     * alone, as {@code MSG_PEEK} does: bytes peeked and not read still raise a readable event,
     * and a close with peeked bytes unread resets the connection.
     *
     * <p>Portability: the selector backend has no {@code MSG_PEEK}; it reads ahead (up to 64 KiB)
     * into a buffer of the stream, reports the stream readable itself while that buffer holds
     * bytes, and resets the connection on a close with bytes held there.
     *
     * @param dst where to copy the bytes
     * @return the bytes copied, 0 if none are available, -1 at end of stream
     * @throws IOException if the socket is closed or the read fails
     * @throws UnsupportedOperationException if the backend lacks {@link io.mio.spi.Capability#PEEK}
     */
    public final int peek(ByteBuffer dst) throws IOException {
        IoSource.checkReadTarget(dst);
        return io.peek(dst);
    }

    /**
     * Sets {@code TCP_NODELAY}: true disables Nagle's algorithm.
     *
     * @param noDelay the value
     * @throws IOException if the socket is closed or the call fails
     */
    public final void setNodelay(boolean noDelay) throws IOException {
        setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
    }

    /**
     * {@return the value of {@code TCP_NODELAY}}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final boolean nodelay() throws IOException {
        return getOption(StandardSocketOptions.TCP_NODELAY);
    }

    /**
     * Sets {@code IP_TTL}.
     *
     * @param ttl the time-to-live, 1 to 255
     * @throws IOException if the socket is closed or the call fails
     */
    public final void setTtl(int ttl) throws IOException {
        setOption(MioSocketOptions.IP_TTL, ttl);
    }

    /**
     * {@return the value of {@code IP_TTL}}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final int ttl() throws IOException {
        return getOption(MioSocketOptions.IP_TTL);
    }
}
