package io.mio.net;

import io.mio.BackendSource;
import io.mio.IoSource;
import io.mio.spi.SocketIo;

import java.io.IOException;
import java.net.SocketOption;
import java.util.Objects;
import java.util.Set;

/**
 * What every socket has: registration, options, a pending error and close. The concrete types are
 * the final {@link TcpListener}, {@link TcpStream}, {@link UdpSocket}, {@link UnixListener},
 * {@link UnixStream} and {@link UnixDatagram}; neither users nor backends extend them.
 *
 * <p>A socket holds its backend's I/O object ({@link SocketIo}, an {@link IoSource}) and delegates
 * registration and close to it ({@link BackendSource}). The socket checks the arguments of each
 * call; the I/O object checks that it is open.
 */
public abstract sealed class NetSocket extends BackendSource
        permits StreamSocket, DatagramEndpoint, TcpListener, UnixListener {
    private final SocketIo<?> io;

    NetSocket(SocketIo<?> io) {
        super(io);
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
}
