package io.mio.bench.jmh;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The echo loop on a raw {@link Selector}, as a careful java.nio user writes it: level-triggered,
 * so OP_READ only and one read per readiness report; OP_WRITE only while a write is unfinished;
 * {@code select(Consumer, timeout)} so no selected-key set is iterated.
 */
final class NioEcho implements Echo {

    private static final long BOUND_MILLIS = 1000;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final int size;
    private final End[] clients;
    private final End[] servers;
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    private int pending;

    /** One end of a connection, as the key's attachment. */
    private static final class End {
        final SocketChannel channel;
        final SelectionKey key;
        final boolean client;
        final ByteBuffer out;
        final ByteBuffer in;
        int received;

        End(final SocketChannel channel, final Selector selector, final boolean client, final int size,
                final String buffers) throws IOException {
            this.channel = channel;
            this.client = client;
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
            if (client) {
                out = Echo.buffer(buffers, size);
                for (int b = 0; b < size; b++) {
                    out.put(b, (byte) b);
                }
                in = Echo.buffer(buffers, 2 * size);
            } else {
                out = null;
                in = Echo.buffer(buffers, 2 * size); // echo buffer
            }
        }
    }

    NioEcho(final int connections, final int size, final String buffers) throws IOException {
        this.size = size;
        selector = Selector.open();
        listener = Loopback.listen();
        clients = new End[connections];
        servers = new End[connections];
        for (int i = 0; i < connections; i++) {
            final SocketChannel[] pair = Loopback.connect(listener);
            clients[i] = new End(pair[0], selector, true, size, buffers);
            servers[i] = new End(pair[1], selector, false, size, buffers);
        }
    }

    @Override
    public void roundTrip() throws IOException {
        for (End c : clients) {
            c.out.clear();
            c.received = 0;
            c.channel.write(c.out);
            if (c.out.hasRemaining()) {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
        pending = clients.length;
        try {
            while (pending > 0) {
                selector.select(dispatch, BOUND_MILLIS);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void dispatch(final SelectionKey key) {
        try {
            final End end = (End) key.attachment();
            if (end.client) {
                client(end, key);
            } else {
                server(end, key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void client(final End c, final SelectionKey key) throws IOException {
        if (key.isWritable()) {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        if (key.isReadable()) {
            final int r = c.channel.read(c.in.clear());
            if (r < 0) {
                throw new EOFException("echo server closed");
            }
            c.received += r;
            if (c.received == size) {
                c.received = -1;
                pending--;
            }
        }
    }

    private void server(final End s, final SelectionKey key) throws IOException {
        final ByteBuffer buf = s.in;
        if (key.isReadable() && buf.hasRemaining()) {
            if (s.channel.read(buf) < 0) {
                throw new EOFException("echo client closed");
            }
        }
        if (buf.position() > 0) {
            buf.flip();
            s.channel.write(buf);
            buf.compact();
        }
        final int ops = buf.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < clients.length; i++) {
            Loopback.closeAll(clients[i].channel, servers[i].channel);
        }
        Loopback.closeAll(listener, selector);
    }
}
