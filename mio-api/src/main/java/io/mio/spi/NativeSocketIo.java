package io.mio.spi;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A {@link SocketIo} over an operating-system socket that the backend calls itself (the POSIX layer
 * and the Windows driver, not the JDK's channels): it supplies the three calls that differ per
 * system, and the answers built on them are written here once, for every such backend and shape.
 *
 * @param <A> the address type
 */
public interface NativeSocketIo<A extends SocketAddress> extends SocketIo<A> {
    /**
     * {@code getsockname} or {@code getpeername}, decoded for the socket's family.
     *
     * @param peer whether the peer's name is asked
     * @return the name; null for the peer when the socket is not connected (yet)
     * @throws IOException if the socket is closed or the call fails
     */
    A name(boolean peer) throws IOException;

    /**
     * Reads the socket's pending error ({@code SO_ERROR}), which clears it.
     *
     * @return the native error code, 0 for none
     * @throws IOException if the socket is closed or the call fails
     */
    int takeErrorCode() throws IOException;

    /**
     * {@return the exception for a native error code, naming the call} (for example
     * {@link java.net.ConnectException} for a refused connect)
     *
     * @param call what failed, such as {@code "connect(127.0.0.1:80)"}
     * @param code the native error code
     */
    IOException failure(String call, int code);

    /** {@return the local address: {@link #name name(false)}} */
    @Override
    default A localAddress() throws IOException {
        return name(false);
    }

    /**
     * The pending {@code SO_ERROR} as an exception (reading clears it), or null; a stream's also
     * remembers its connect ({@link NativeStreamIo}).
     */
    @Override
    default IOException takeError() throws IOException {
        int code = takeErrorCode();
        return code == 0 ? null : failure("socket error (SO_ERROR)", code);
    }
}
