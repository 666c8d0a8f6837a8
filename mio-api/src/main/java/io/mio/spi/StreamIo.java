package io.mio.spi;

import io.mio.net.Shutdown;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A backend's connected byte stream: what {@code TcpStream} and {@code UnixStream} hold. The
 * methods have the contract of the API methods of the same name
 * ({@link io.mio.net.StreamSocket}, {@link io.mio.net.TcpStream#peek}), with their arguments
 * already checked; see {@link SocketIo} for the closed check and would-block. Its reads and writes
 * are {@link ByteIo}'s, which pipe ends share.
 *
 * @param <A> the address type
 */
public interface StreamIo<A extends SocketAddress> extends SocketIo<A>, ByteIo {
    /**
     * Copies the bytes a read would return without consuming them; readiness is left alone.
     *
     * @param dst a writable buffer
     * @return the bytes copied, 0 if none are available, -1 at end of stream
     * @throws IOException if the socket is closed or the read fails
     */
    int peek(ByteBuffer dst) throws IOException;

    /**
     * Shuts down one or both halves.
     *
     * @param how which
     * @throws IOException if the socket is closed or not connected
     */
    void shutdown(Shutdown how) throws IOException;

    /**
     * {@return the peer's address, or {@code null} while a connect is in progress}
     *
     * @throws IOException if the socket is closed or the connect failed
     */
    A peerAddress() throws IOException;
}
