package io.mio.selector;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The operations shared by TCP and Unix-domain listeners over a {@link ServerSocketChannel}: the
 * listeners keep only how they wrap an accepted channel and convert addresses.
 */
final class ListenerIo extends IoState {
    final ServerSocketChannel server;

    ListenerIo(ServerSocketChannel server, Object owner) {
        super(server, owner);
        this.server = server;
    }

    /**
     * Accepts a connection, non-blocking like the listener.
     *
     * @return the accepted channel, or null if none is waiting (the edge is then re-armed)
     * @throws IOException if accepting or configuring the accepted channel fails (it is then closed)
     */
    SocketChannel accept() throws IOException {
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
        return accepted;
    }
}
