package io.mio.net;

import io.mio.spi.PollProvider;

import java.io.IOException;
import java.util.Objects;

/**
 * A non-blocking Unix-domain stream listener. A path-name listener does not remove its socket file
 * when closed, as with {@code bind(2)}; delete it yourself.
 */
public abstract class UnixListener extends NetSocket {
    /**
     * For backends.
     *
     * @param provider the backend that creates the listener
     */
    protected UnixListener(PollProvider provider) {
        super(provider);
    }

    /**
     * Binds a listener with the default backend.
     *
     * @param address a path or abstract name
     * @return the listener
     * @throws IOException if binding fails (e.g. {@link java.net.BindException} if the path exists)
     */
    public static UnixListener bind(UnixAddress address) throws IOException {
        return bind(address, PollProvider.systemDefault());
    }

    /**
     * Binds a listener with {@code provider}'s backend.
     *
     * @param address a path or abstract name
     * @param provider the backend
     * @return the listener
     * @throws IOException if binding fails
     * @throws UnsupportedOperationException if the backend lacks Unix-domain stream sockets
     */
    public static UnixListener bind(UnixAddress address, PollProvider provider) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isUnnamed()) {
            throw new IllegalArgumentException("cannot bind a listener to an unnamed address");
        }
        return Objects.requireNonNull(provider, "provider").bindUnixListener(address);
    }

    /**
     * Accepts a pending connection.
     *
     * @return the connection, or {@code null} if none is pending (would block)
     * @throws IOException if the listener is closed or accepting fails
     */
    public final UnixStream accept() throws IOException {
        ensureOpen();
        return implAccept();
    }

    /**
     * {@return the address the listener is bound to}
     *
     * @throws IOException if the listener is closed
     */
    public final UnixAddress localAddress() throws IOException {
        ensureOpen();
        return implLocalAddress();
    }

    /**
     * Accepts one connection.
     *
     * @return the connection, or {@code null}
     * @throws IOException if accepting fails
     */
    protected abstract UnixStream implAccept() throws IOException;

    /**
     * {@return the bound address}
     *
     * @throws IOException if that fails
     */
    protected abstract UnixAddress implLocalAddress() throws IOException;
}
