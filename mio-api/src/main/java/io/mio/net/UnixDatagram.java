package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.DatagramIo;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.util.Objects;

/** A non-blocking Unix-domain datagram socket; see {@link DatagramEndpoint} for would-block. */
public final class UnixDatagram extends DatagramEndpoint<UnixAddress> {
    /**
     * Wraps a backend's datagram socket; for backends (the {@link PollProvider} factories). Users
     * get sockets from {@link #bind}, {@link #unbound} and {@link #pair}.
     *
     * @param io the backend's socket, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    public UnixDatagram(DatagramIo<UnixAddress> io) {
        super(io);
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
        io.shutdown(how);
    }
}
