package io.mio.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The plaintext server on a raw {@link Selector}, one thread: the reference every backend is held
 * against. It is written as a careful user of {@code java.nio} would: {@code select(Consumer)} so no
 * selected-key set is iterated, direct buffers, and (the Selector being level-triggered) one read per
 * readiness report; a partial write sets {@code OP_WRITE} until the connection's output drains.
 */
final class NioHttpServer implements HttpServers.Server {

    private final Selector selector;
    private final ServerSocketChannel listener;

    NioHttpServer(final InetSocketAddress address) throws IOException {
        selector = Selector.open();
        listener = Listeners.nio(selector, address);
    }

    @Override
    public int port() {
        return listener.socket().getLocalPort();
    }

    @Override
    public void run(final long deadlineNanos) throws IOException {
        while (System.nanoTime() < deadlineNanos) {
            selector.select(this::dispatch, 1000);
        }
    }

    private void dispatch(final SelectionKey key) {
        try {
            if (key.channel() == listener) {
                accept();
                return;
            }
            final Connection c = (Connection) key.attachment();
            if (key.isReadable() && !c.read()) {
                c.close();
                return;
            }
            if (key.isWritable() || c.owed > 0) {
                c.flush();
            }
        } catch (IOException e) {
            final Object a = key.attachment();
            if (a instanceof Connection c) {
                c.close();
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final Connection c = new Connection(channel);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** One client connection: the same state as every other stack's. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocateDirect(Http.READ_BUFFER);
        final ByteBuffer out = ByteBuffer.allocateDirect(Http.WRITE_BUFFER).flip();
        SelectionKey key;
        int scan;
        int owed;
        boolean writeInterest;

        Connection(final SocketChannel channel) {
            this.channel = channel;
        }

        /** @return false at end of stream */
        boolean read() throws IOException {
            in.clear();
            final int n = channel.read(in);
            if (n < 0) {
                return false;
            }
            int state = scan;
            for (int i = 0; i < n; i++) {
                state = Http.step(state, in.get(i));
                if (state == 4) {
                    owed++;
                    state = 0;
                }
            }
            scan = state;
            return true;
        }

        void flush() throws IOException {
            for (;;) {
                if (!out.hasRemaining()) {
                    if (owed == 0) {
                        break;
                    }
                    out.clear();
                    owed -= Http.fill(out, owed);
                    out.flip();
                }
                channel.write(out);
                if (out.hasRemaining()) {
                    if (!writeInterest) {
                        writeInterest = true;
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    }
                    return;
                }
            }
            if (writeInterest) {
                writeInterest = false;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a dead peer's socket: nothing to report
            }
        }
    }
}
