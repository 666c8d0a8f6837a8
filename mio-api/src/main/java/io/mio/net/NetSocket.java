package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.SocketOption;
import java.util.Objects;
import java.util.Set;

/**
 * What every socket has: options and a pending error. The concrete types are {@link TcpListener},
 * {@link TcpStream}, {@link UdpSocket}, {@link UnixListener}, {@link UnixStream} and
 * {@link UnixDatagram}.
 */
public abstract class NetSocket extends IoSource {
    /**
     * For backends.
     *
     * @param provider the backend that creates the socket
     */
    protected NetSocket(PollProvider provider) {
        super(provider);
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
        ensureOpen();
        implSetOption(name, value);
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
        ensureOpen();
        return implGetOption(name);
    }

    /** {@return the options this socket supports on its backend} */
    public abstract Set<SocketOption<?>> supportedOptions();

    /**
     * Returns and clears the socket's pending error ({@code SO_ERROR}), e.g. the
     * {@link java.net.ConnectException} of a refused connect.
     *
     * @return the error, or {@code null} if there is none
     * @throws IOException if the socket is closed or reading the error fails
     */
    public final IOException takeError() throws IOException {
        ensureOpen();
        return implTakeError();
    }

    /**
     * Sets an option listed in {@link #supportedOptions()}.
     *
     * @param <T> the option's type
     * @param name the option
     * @param value its value, non-null
     * @throws IOException if the system call fails
     */
    protected abstract <T> void implSetOption(SocketOption<T> name, T value) throws IOException;

    /**
     * Reads an option listed in {@link #supportedOptions()}.
     *
     * @param <T> the option's type
     * @param name the option
     * @return the value
     * @throws IOException if the system call fails
     */
    protected abstract <T> T implGetOption(SocketOption<T> name) throws IOException;

    /**
     * Returns and clears the pending error.
     *
     * @return the error or {@code null}
     * @throws IOException if reading it fails
     */
    protected abstract IOException implTakeError() throws IOException;

    private void checkOption(SocketOption<?> name) {
        Objects.requireNonNull(name, "option");
        if (!supportedOptions().contains(name)) {
            String capability = name == MioSocketOptions.IP_TTL ? " (capability IP_TTL)"
                    : name == MioSocketOptions.IPV6_V6ONLY ? " (capability IPV6_V6ONLY)" : "";
            throw new UnsupportedOperationException("socket option " + name + " is not supported by "
                    + getClass().getSimpleName() + " of backend '" + provider().name() + "'" + capability);
        }
    }
}
