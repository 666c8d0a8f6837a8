package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.ListenerIo;
import io.mio.spi.PollProvider;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A non-blocking TCP listener. Register it for {@link io.mio.Interest#READABLE}; on each event,
 * {@link #accept()} until it returns {@code null}.
 */
public final class TcpListener extends NetSocket {
    /** The backend's listener; every call goes through it. */
    private final ListenerIo<InetSocketAddress> io;

    /**
     * Wraps a backend's listener; for backends (the {@link PollProvider} factories). Users get
     * listeners from {@link #bind}.
     *
     * @param io the backend's listener, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    public TcpListener(ListenerIo<InetSocketAddress> io) {
        super(io);
        this.io = io;
    }

    /**
     * Binds a listener to {@code address} with the default backend ({@code SO_REUSEADDR} set, the
     * system's default backlog).
     *
     * @param address a resolved address; port 0 picks a free port
     * @return the listener
     * @throws java.net.BindException if the address is in use or cannot be assigned
     * @throws IOException if binding fails or no backend is available
     */
    public static TcpListener bind(InetSocketAddress address) throws IOException {
        return bind(address, PollProvider.systemDefault());
    }

    /**
     * Binds a listener to {@code address} with {@code provider}'s backend.
     *
     * @param address a resolved address; port 0 picks a free port
     * @param provider the backend, e.g. {@code poll.provider()}
     * @return the listener
     * @throws IOException if binding fails
     */
    public static TcpListener bind(InetSocketAddress address, PollProvider provider) throws IOException {
        return bind(address, provider, 0, false);
    }

    /**
     * Binds a listener with a backlog and, optionally, {@code SO_REUSEPORT}.
     *
     * @param address a resolved address
     * @param provider the backend
     * @param backlog the listen backlog; 0 or less for the system's default
     * @param reusePort whether to set {@code SO_REUSEPORT} before binding
     *                  (needs {@link io.mio.spi.Capability#REUSE_PORT})
     * @return the listener
     * @throws IOException if binding fails
     */
    public static TcpListener bind(InetSocketAddress address, PollProvider provider, int backlog, boolean reusePort)
            throws IOException {
        return Objects.requireNonNull(provider, "provider")
                .bindTcpListener(Checks.resolved(address), backlog, reusePort);
    }

    /**
     * Accepts a pending connection.
     *
     * @return the connection, non-blocking; {@code null} if none is pending (would block)
     * @throws IOException if the listener is closed or accepting fails (e.g. too many open files);
     *                     the listener stays usable
     */
    public final TcpStream accept() throws IOException {
        StreamIo<InetSocketAddress> accepted = io.accept();
        return accepted == null ? null : new TcpStream(accepted);
    }

    /**
     * {@return the address the listener is bound to (with the port chosen for port 0)}
     *
     * @throws IOException if the listener is closed
     */
    public final InetSocketAddress localAddress() throws IOException {
        return io.localAddress();
    }

    /**
     * Sets {@code IP_TTL} for accepted connections.
     *
     * @param ttl the time-to-live
     * @throws IOException if the listener is closed or the call fails
     */
    public final void setTtl(int ttl) throws IOException {
        setOption(MioSocketOptions.IP_TTL, ttl);
    }

    /**
     * {@return the value of {@code IP_TTL}}
     *
     * @throws IOException if the listener is closed or the call fails
     */
    public final int ttl() throws IOException {
        return getOption(MioSocketOptions.IP_TTL);
    }
}
