package io.mio.net;

import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Registry;
import io.mio.Source;
import io.mio.Token;
import io.mio.spi.PollProvider;
import io.mio.spi.SocketIo;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketOption;
import java.util.Objects;
import java.util.Set;

/**
 * What every socket has: registration, options, a pending error and close. The concrete types are
 * the final {@link TcpListener}, {@link TcpStream}, {@link UdpSocket}, {@link UnixListener},
 * {@link UnixStream} and {@link UnixDatagram}; neither users nor backends extend them.
 *
 * <p>A socket holds its backend's I/O object ({@link SocketIo}, an {@link IoSource}) and is a
 * {@link Source} that delegates to it, as mio's {@code TcpStream} holds an {@code IoSource}:
 * registering the socket registers that object, which keeps the registration state and makes the
 * registry's checks. The socket checks the arguments of each call; the I/O object checks that it
 * is open.
 */
public abstract sealed class NetSocket implements Source, Closeable
        permits StreamSocket, DatagramEndpoint, TcpListener, UnixListener {
    private final SocketIo<?> io;

    NetSocket(SocketIo<?> io) {
        Objects.requireNonNull(io, "io");
        if (!(io instanceof IoSource)) {
            throw new IllegalArgumentException(io.getClass().getName()
                    + " is not an IoSource: a backend's socket I/O object must extend io.mio.IoSource");
        }
        this.io = io;
    }

    /**
     * The backend's I/O object this socket makes its calls through: the {@link IoSource} its
     * registry sees. For backends and their tests; users call the socket.
     *
     * @return the I/O object
     */
    public final SocketIo<?> io() {
        return io;
    }

    /** {@return the backend that created this socket} */
    public final PollProvider provider() {
        return io.provider();
    }

    /** {@return whether this socket is open} */
    public final boolean isOpen() {
        return io.isOpen();
    }

    /**
     * Registers this socket; {@link Registry#register} documents the rules. The same as
     * {@code registry.register(this, token, interests)}, for a user's {@link Source} to delegate to.
     *
     * @param registry the registry, of this socket's backend
     * @param token the token its events carry
     * @param interests what to report; never empty
     * @throws IOException as {@link Registry#register}
     */
    @Override
    public final void register(Registry registry, Token token, Interest interests) throws IOException {
        io.register(registry, token, interests);
    }

    /**
     * Changes this socket's token and interests; {@link Registry#reregister} documents the rules.
     *
     * @param registry the registry it is registered with
     * @param token the new token
     * @param interests the new interests; never empty
     * @throws IOException as {@link Registry#reregister}
     */
    @Override
    public final void reregister(Registry registry, Token token, Interest interests) throws IOException {
        io.reregister(registry, token, interests);
    }

    /**
     * Deregisters this socket; {@link Registry#deregister} documents the rules.
     *
     * @param registry the registry it is registered with
     * @throws IOException as {@link Registry#deregister}
     */
    @Override
    public final void deregister(Registry registry) throws IOException {
        io.deregister(registry);
    }

    /**
     * Deregisters this socket if it is registered, then releases it; see {@link IoSource#close()}.
     *
     * @throws IOException if deregistering or releasing fails; the socket is closed all the same
     */
    @Override
    public final void close() throws IOException {
        io.close();
    }

    /**
     * Sets a socket option, e.g. {@code StandardSocketOptions.SO_RCVBUF} or
     * {@link MioSocketOptions#IP_TTL}.
     *
     * @param <T> the option's type
     * @param name the option
     * @param value its value
     * @throws UnsupportedOperationException if {@link #supportedOptions()} lacks it
     * @throws IllegalArgumentException if the value is not valid for it
     * @throws IOException if the socket is closed or the system call fails
     */
    public final <T> void setOption(SocketOption<T> name, T value) throws IOException {
        Objects.requireNonNull(value, "value");
        checkOption(name);
        Checks.optionValue(name, value);
        io.setOption(name, value);
    }

    /**
     * Reads a socket option.
     *
     * @param <T> the option's type
     * @param name the option
     * @return its value
     * @throws UnsupportedOperationException if {@link #supportedOptions()} lacks it
     * @throws IOException if the socket is closed or the system call fails
     */
    public final <T> T getOption(SocketOption<T> name) throws IOException {
        checkOption(name);
        return io.getOption(name);
    }

    /** {@return the options this socket supports on its backend} */
    public final Set<SocketOption<?>> supportedOptions() {
        return io.supportedOptions();
    }

    /**
     * Returns and clears the socket's pending error ({@code SO_ERROR}), e.g. the
     * {@link java.net.ConnectException} of a refused connect.
     *
     * @return the error, or {@code null} if there is none
     * @throws IOException if the socket is closed or reading the error fails
     */
    public final IOException takeError() throws IOException {
        return io.takeError();
    }

    private void checkOption(SocketOption<?> name) {
        Objects.requireNonNull(name, "option");
        if (!io.supportedOptions().contains(name)) {
            String capability = name == MioSocketOptions.IP_TTL ? " (capability IP_TTL)"
                    : name == MioSocketOptions.IPV6_V6ONLY ? " (capability IPV6_V6ONLY)" : "";
            throw new UnsupportedOperationException("socket option " + name + " is not supported by "
                    + getClass().getSimpleName() + " of backend '" + provider().name() + "'" + capability);
        }
    }

    @Override
    public String toString() {
        return io.toString();
    }
}
