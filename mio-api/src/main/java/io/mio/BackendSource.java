package io.mio;

import io.mio.net.NetSocket;
import io.mio.spi.PollProvider;
import io.mio.unix.Pipe;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;

/**
 * What the final API types over a backend's I/O object have in common: the sockets of
 * {@link io.mio.net} ({@link NetSocket}) and the pipe ends of {@link io.mio.unix} ({@link Pipe.End}).
 * Each holds its backend's {@link IoSource} and is a {@link Source} that delegates registration and
 * close to it, as mio's {@code TcpStream} holds an {@code IoSource}: that object keeps the
 * registration state and makes the registry's checks, and it is what the backend's registry sees.
 * Neither users nor backends extend this class; users implement {@link Source}.
 */
public abstract sealed class BackendSource implements Source, Closeable permits NetSocket, Pipe.End {
    private final IoSource source;

    /**
     * Wraps a backend's I/O object.
     *
     * @param io the backend's I/O object, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    protected BackendSource(Object io) {
        Objects.requireNonNull(io, "io");
        if (!(io instanceof IoSource ioSource)) {
            throw new IllegalArgumentException(io.getClass().getName()
                    + " is not an IoSource: a backend's I/O object must extend io.mio.IoSource");
        }
        this.source = ioSource;
    }

    /** {@return the backend that created this source} */
    public final PollProvider provider() {
        return source.provider();
    }

    /** {@return whether this source is open} */
    public final boolean isOpen() {
        return source.isOpen();
    }

    /**
     * Registers this source; {@link Registry#register} documents the rules. The same as
     * {@code registry.register(this, token, interests)}, for a user's {@link Source} to delegate to.
     *
     * @param registry the registry, of this source's backend
     * @param token the token its events carry
     * @param interests what to report; never empty
     * @throws IOException as {@link Registry#register}
     */
    @Override
    public final void register(Registry registry, Token token, Interest interests) throws IOException {
        source.register(registry, token, interests);
    }

    /**
     * Changes this source's token and interests; {@link Registry#reregister} documents the rules.
     *
     * @param registry the registry it is registered with
     * @param token the new token
     * @param interests the new interests; never empty
     * @throws IOException as {@link Registry#reregister}
     */
    @Override
    public final void reregister(Registry registry, Token token, Interest interests) throws IOException {
        source.reregister(registry, token, interests);
    }

    /**
     * Deregisters this source; {@link Registry#deregister} documents the rules.
     *
     * @param registry the registry it is registered with
     * @throws IOException as {@link Registry#deregister}
     */
    @Override
    public final void deregister(Registry registry) throws IOException {
        source.deregister(registry);
    }

    /**
     * Deregisters this source if it is registered, then releases it; see {@link IoSource#close()}.
     *
     * @throws IOException if deregistering or releasing fails; the source is closed all the same
     */
    @Override
    public final void close() throws IOException {
        source.close();
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
