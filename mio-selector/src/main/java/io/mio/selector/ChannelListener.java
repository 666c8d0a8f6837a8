package io.mio.selector;

import io.mio.spi.ListenerIo;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP or Unix-domain listener over a non-blocking {@link ServerSocketChannel}.
 *
 * @param <A> the address type
 */
final class ChannelListener<A extends SocketAddress> extends ChannelSocket<A> implements ListenerIo<A> {
    private final SelectorPollProvider provider;
    final ServerSocketChannel server;

    ChannelListener(SelectorPollProvider provider, ServerSocketChannel server, boolean unix) {
        super(provider, server, unix);
        this.provider = provider;
        this.server = server;
    }

    /**
     * Accepts a connection, non-blocking like the listener.
     *
     * @return the accepted stream, or null if none is waiting (the edge is then re-armed)
     * @throws IOException if accepting or configuring the accepted channel fails (it is then closed)
     */
    @Override
    public StreamIo<A> accept() throws IOException {
        ensureOpen();
        SocketChannel accepted;
        try {
            accepted = server.accept();
        } catch (ClosedChannelException e) {
            throw translate(e, "accept"); // closed by another thread meanwhile
        }
        if (accepted == null) {
            rearm(SelectionKey.OP_ACCEPT);
            return null;
        }
        try {
            accepted.configureBlocking(false);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
        return new ChannelStream<>(provider, accepted, false, unix, false);
    }

    @Override
    String kind() {
        return unix ? "UnixListener" : "TcpListener";
    }
}
