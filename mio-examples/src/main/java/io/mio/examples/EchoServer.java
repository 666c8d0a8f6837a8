package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A TCP echo server on one event-loop thread: every byte a client sends comes back. Connections are
 * kept in a {@link TokenSlab}; the token of a connection is its slab key plus one.
 *
 * <p>Run it with {@code [host:port] [backend]} and talk to it with {@code nc 127.0.0.1 9000}, or with
 * {@link EchoClient}.
 */
public final class EchoServer implements AutoCloseable {
    private static final Token SERVER = new Token(0);
    private static final Token WAKER = new Token(Long.MAX_VALUE);
    private static final int MAX_CONNECTIONS = 1024;

    private final Poll poll;
    private final TcpListener listener;
    private final Waker waker;
    private final TokenSlab<Connection> connections = new TokenSlab<>(MAX_CONNECTIONS);
    private volatile boolean running = true;

    /**
     * Binds the server.
     *
     * @param address where to listen (port 0 picks one)
     * @param backend the backend's name, or {@code null} for the default
     * @throws IOException if binding fails or the backend is unavailable
     */
    public EchoServer(InetSocketAddress address, String backend) throws IOException {
        poll = backend == null ? Poll.open() : Poll.open(backend);
        try {
            listener = TcpListener.bind(address, poll.provider());
            poll.registry().register(listener, SERVER, Interest.READABLE);
            waker = Waker.open(poll.registry(), WAKER);
        } catch (IOException | RuntimeException e) {
            poll.close();
            throw e;
        }
    }

    /**
     * Runs the echo server until the process is stopped.
     *
     * @param args {@code [host:port] [backend]}
     * @throws IOException if the server fails
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9000");
        try (EchoServer server = new EchoServer(options.address(), options.backend())) {
            System.out.println("Echo server listening on " + server.localAddress() + " with backend "
                    + server.backend() + "; try: nc " + server.localAddress().getHostString() + " "
                    + server.localAddress().getPort());
            server.run();
        }
    }

    /** @return the address the server listens on */
    public InetSocketAddress localAddress() throws IOException {
        return listener.localAddress();
    }

    /** @return the name of the backend in use */
    public String backend() {
        return poll.provider().name();
    }

    /**
     * Serves until {@link #stop()} is called.
     *
     * @throws IOException if polling fails
     */
    public void run() throws IOException {
        Events events = Events.withCapacity(256);
        while (running) {
            poll.poll(events, null);
            for (Event event : events) {
                if (event.token() == SERVER) {
                    acceptAll();
                } else if (event.token() != WAKER) {
                    long key = event.token().value() - 1;
                    Connection connection = connections.get(key);
                    // a spurious event for a connection already closed is legal: ignore it
                    if (connection != null && !connection.echo()) {
                        connections.remove(key).stream.close();
                    }
                }
            }
        }
    }

    /**
     * Makes {@link #run()} return; safe from any thread.
     *
     * @throws IOException if waking the poll fails
     */
    public void stop() throws IOException {
        running = false;
        waker.wake();
    }

    /** Closes every connection, the listener and the poll. */
    @Override
    public void close() throws IOException {
        for (int key = 0; key < MAX_CONNECTIONS; key++) {
            Connection connection = connections.remove(key);
            if (connection != null) {
                connection.stream.close();
            }
        }
        waker.close();
        listener.close();
        poll.close();
    }

    private void acceptAll() throws IOException {
        TcpStream stream;
        while ((stream = listener.accept()) != null) {
            Connection connection = new Connection(stream);
            int key = connections.insert(connection);
            if (key < 0) {
                stream.close(); // full: refuse by closing
                continue;
            }
            poll.registry().register(stream, new Token(key + 1L), Interest.READABLE.add(Interest.WRITABLE));
        }
    }

    /** One client: what was read and not yet written back waits in {@code buffer}. */
    private static final class Connection {
        final TcpStream stream;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);

        Connection(TcpStream stream) {
            this.stream = stream;
        }

        /**
         * Reads and writes back until one of them would block (edge-triggered: drain each event).
         *
         * @return false once the client is gone
         */
        boolean echo() {
            try {
                while (true) {
                    if (buffer.position() > 0) {
                        buffer.flip();
                        stream.write(buffer);
                        boolean flushed = !buffer.hasRemaining();
                        buffer.compact();
                        if (!flushed) {
                            return true; // would block: the next writable event resumes here
                        }
                    }
                    int n = stream.read(buffer);
                    if (n == 0) {
                        return true; // would block: the next readable event resumes here
                    }
                    if (n < 0) {
                        return false;
                    }
                }
            } catch (IOException e) {
                return false; // reset by the peer, or similar: drop the connection
            }
        }
    }
}
