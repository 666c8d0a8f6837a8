package io.mio.spi;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A {@link StreamIo} over an operating-system socket that the backend calls itself: its
 * {@link #peerAddress()} and {@link #takeError()} are its {@link ConnectState}'s, so a non-blocking
 * connect is finished, failed and reported the same way on every such backend.
 *
 * @param <A> the address type
 */
public interface NativeStreamIo<A extends SocketAddress> extends NativeSocketIo<A>, StreamIo<A> {
    /** {@return the stream's connect state, one per stream} */
    ConnectState<A> connectState();

    /** {@return the peer, or null while connecting}: see {@link ConnectState#peerAddress} */
    @Override
    default A peerAddress() throws IOException {
        return connectState().peerAddress(this);
    }

    /** {@return the pending error, or null}: see {@link ConnectState#takeError} */
    @Override
    default IOException takeError() throws IOException {
        return connectState().takeError(this);
    }
}
