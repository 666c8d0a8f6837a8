package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.PollProvider;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.util.Objects;

/** A non-blocking Unix-domain stream connection. */
public final class UnixStream extends StreamSocket<UnixAddress> {
    /**
     * Wraps a backend's stream; for backends (the {@link PollProvider} factories). Users get
     * streams from {@link #connect}, {@link #pair} and {@link UnixListener#accept()}.
     *
     * @param io the backend's Unix-domain stream, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    public UnixStream(StreamIo<UnixAddress> io) {
        super(io);
    }

    /**
     * Starts connecting to a Unix-domain listener with the default backend.
     *
     * @param address the listener's path or abstract name
     * @return the stream
     * @throws IOException if the connect fails at once (e.g. no listener at that path)
     */
    public static UnixStream connect(UnixAddress address) throws IOException {
        return connect(address, PollProvider.systemDefault());
    }

    /**
     * Starts connecting to a Unix-domain listener with {@code provider}'s backend.
     *
     * @param address the listener's path or abstract name
     * @param provider the backend
     * @return the stream
     * @throws IOException if the connect fails at once
     */
    public static UnixStream connect(UnixAddress address, PollProvider provider) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address.isUnnamed()) {
            throw new IllegalArgumentException("cannot connect to an unnamed address");
        }
        return Objects.requireNonNull(provider, "provider").connectUnixStream(address);
    }

    /**
     * Opens two streams connected to each other ({@code socketpair(2)}).
     *
     * @param provider the backend
     * @return the two ends
     * @throws IOException if that fails
     */
    public static UnixStream[] pair(PollProvider provider) throws IOException {
        return Objects.requireNonNull(provider, "provider").unixStreamPair();
    }
}
