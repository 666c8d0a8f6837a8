package io.mio.spi;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A backend's stream listener: what {@code TcpListener} and {@code UnixListener} hold. See
 * {@link SocketIo} for the closed check and would-block.
 *
 * @param <A> the address type
 */
public interface ListenerIo<A extends SocketAddress> extends SocketIo<A> {
    /**
     * Accepts a pending connection: a new, non-blocking stream of the same backend, which the API
     * type wraps.
     *
     * @return the stream, or {@code null} if none is pending (would block)
     * @throws IOException if the listener is closed or accepting fails; the listener stays usable
     */
    StreamIo<A> accept() throws IOException;
}
