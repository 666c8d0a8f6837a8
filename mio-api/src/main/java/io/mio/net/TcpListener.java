package io.mio.net;

import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A non-blocking TCP listener. Register it for {@link io.mio.Interest#READABLE}; on each event,
 * {@link #accept()} until it returns {@code null}.
 */
public abstract class TcpListener extends NetSocket {
    /**
     * For backends.
     *
     * @param provider the backend that creates the listener
     */
    protected TcpListener(PollProvider provider) {
        super(provider);
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
        ensureOpen();
        return implAccept();
    }

    /**
     * {@return the address the listener is bound to (with the port chosen for port 0)}
     *
     * @throws IOException if the listener is closed
     */
    public final InetSocketAddress localAddress() throws IOException {
        ensureOpen();
        return implLocalAddress();
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

    /**
     * Accepts one connection.
     *
     * @return the connection, or {@code null}
     * @throws IOException if accepting fails
     */
    protected abstract TcpStream implAccept() throws IOException;

    /**
     * {@return the bound address}
     *
     * @throws IOException if that fails
     */
    protected abstract InetSocketAddress implLocalAddress() throws IOException;
}
