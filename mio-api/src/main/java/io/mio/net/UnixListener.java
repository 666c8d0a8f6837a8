package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.ListenerIo;
import io.mio.spi.PollProvider;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.util.Objects;

/**
 * A non-blocking Unix-domain stream listener. A path-name listener does not remove its socket file
 * when closed, as with {@code bind(2)}; delete it yourself.
 */
public final class UnixListener extends NetSocket {
    /** The backend's listener; every call goes through it. */
    private final ListenerIo<UnixAddress> io;

    /**
     * Wraps a backend's listener; for backends (the {@link PollProvider} factories). Users get
     * listeners from {@link #bind}.
     *
     * @param io the backend's listener, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    public UnixListener(ListenerIo<UnixAddress> io) {
        super(io);
        this.io = io;
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
        StreamIo<UnixAddress> accepted = io.accept();
        return accepted == null ? null : new UnixStream(accepted);
    }

    /**
     * {@return the address the listener is bound to}
     *
     * @throws IOException if the listener is closed
     */
    public final UnixAddress localAddress() throws IOException {
        return io.localAddress();
    }
}
