package io.mio.net;

import io.mio.spi.PollProvider;

import java.io.IOException;
import java.util.Objects;

/** A non-blocking Unix-domain datagram socket; see {@link DatagramEndpoint} for would-block. */
public abstract class UnixDatagram extends DatagramEndpoint<UnixAddress> {
    /**
     * For backends.
     *
     * @param provider the backend that creates the socket
     */
    protected UnixDatagram(PollProvider provider) {
        super(provider);
    }

    /**
     * Binds a socket to {@code address}.
     *
     * @param address a path or abstract name
     * @param provider the backend
     * @return the socket
     * @throws IOException if binding fails
     */
    public static UnixDatagram bind(UnixAddress address, PollProvider provider) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isUnnamed()) {
            throw new IllegalArgumentException("cannot bind to an unnamed address; use unbound()");
        }
        return Objects.requireNonNull(provider, "provider").bindUnixDatagram(address);
    }

    /**
     * Opens a socket bound to no address (it can send, and receive once connected to by a peer).
     *
     * @param provider the backend
     * @return the socket
     * @throws IOException if that fails
     */
    public static UnixDatagram unbound(PollProvider provider) throws IOException {
        return Objects.requireNonNull(provider, "provider").unboundUnixDatagram();
    }

    /**
     * Opens two sockets connected to each other ({@code socketpair(2)}).
     *
     * @param provider the backend
     * @return the two ends
     * @throws IOException if that fails
     */
    public static UnixDatagram[] pair(PollProvider provider) throws IOException {
        return Objects.requireNonNull(provider, "provider").unixDatagramPair();
    }

    /**
     * Shuts down reading, writing or both.
     *
     * @param how which
     * @throws IOException if the socket is closed or the call fails
     */
    public final void shutdown(Shutdown how) throws IOException {
        Objects.requireNonNull(how, "how");
        ensureOpen();
        implShutdown(how);
    }

    /**
     * Shuts down a half.
     *
     * @param how which
     * @throws IOException if that fails
     */
    protected abstract void implShutdown(Shutdown how) throws IOException;
}
