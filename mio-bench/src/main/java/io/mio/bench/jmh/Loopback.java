package io.mio.bench.jmh;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Connected loopback socket pairs for the benchmarks, on a mio backend or on plain java.nio. Only
 * 127.0.0.1; every wait is bounded.
 */
final class Loopback {

    /** The bound of every wait in setup. */
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);

    /** Token used only while a connect completes. */
    private static final Token CONNECTING = new Token(Long.MAX_VALUE);

    private Loopback() {
    }

    static InetSocketAddress any() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    static TcpListener listen(final Poll poll) throws IOException {
        return TcpListener.bind(any(), poll.provider(), 4096, false);
    }

    /**
     * Connects a stream to {@code listener} and accepts it, as mio's docs say: register for
     * writable, wait for the event, check the error. Neither stream is left registered.
     *
     * @return {client, server}, both with TCP_NODELAY
     */
    static TcpStream[] connect(final Poll poll, final TcpListener listener) throws IOException {
        final TcpStream client = TcpStream.connect(listener.localAddress(), poll.provider());
        final Events events = Events.withCapacity(8);
        poll.registry().register(client, CONNECTING, Interest.WRITABLE);
        final long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        boolean connected = false;
        while (!connected) {
            if (System.nanoTime() > deadline) {
                throw new IOException("loopback connect timed out");
            }
            poll.poll(events, Duration.ofMillis(100));
            for (Event e : events) {
                if (e.token().equals(CONNECTING)) {
                    final IOException error = client.takeError();
                    if (error != null) {
                        throw error;
                    }
                    connected = client.peerAddress() != null;
                }
            }
        }
        poll.registry().deregister(client);
        TcpStream server;
        while ((server = listener.accept()) == null) {
            if (System.nanoTime() > deadline) {
                throw new IOException("loopback accept timed out");
            }
            Thread.onSpinWait();
        }
        client.setNodelay(true);
        server.setNodelay(true);
        return new TcpStream[] {client, server};
    }

    /** @return {client, server}, non-blocking, with TCP_NODELAY */
    static SocketChannel[] connect(final ServerSocketChannel listener) throws IOException {
        final SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        final SocketChannel server = listener.accept(); // the listener is blocking: bounded by the backlog
        for (SocketChannel c : new SocketChannel[] {client, server}) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        return new SocketChannel[] {client, server};
    }

    static ServerSocketChannel listen() throws IOException {
        final ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(any(), 4096);
        return listener;
    }

    static void closeAll(final AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // teardown: keep closing the rest
                }
            }
        }
    }
}
