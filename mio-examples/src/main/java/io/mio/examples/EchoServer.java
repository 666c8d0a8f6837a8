package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.Token;
import io.mio.Waker;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A TCP echo server on one event-loop thread: every byte a client sends comes back. Connections are
 * kept in a {@link TokenSlab}; the token of a connection is its slab key plus one.
 *
 * <p>It shows the two patterns a server built on mio needs besides the event loop itself:
 * <ul>
 * <li><b>Write back-pressure.</b> A connection is registered for {@code READABLE} only, and for
 *     {@code WRITABLE} as well only while it has bytes the peer has not taken yet; while bytes are
 *     pending it stops reading, so a client that does not read cannot make the server buffer without
 *     limit.</li>
 * <li><b>Accept failures are not fatal.</b> When {@code accept} fails (typically {@code EMFILE} or
 *     {@code ENFILE}: no descriptor left), the server keeps serving the connections it has, waits
 *     (doubling the wait from {@value #FIRST_BACK_OFF_MILLIS} ms up to {@value #MAX_BACK_OFF_MILLIS}
 *     ms) and accepts again; the clients meanwhile wait in the listen backlog.</li>
 * </ul>
 *
 * <p>Run it with {@code [host:port] [backend]} and talk to it with {@code nc 127.0.0.1 9000}, or with
 * {@link EchoClient}.
 */
public final class EchoServer implements AutoCloseable {
    private static final Token SERVER = new Token(0);
    private static final Token WAKER = new Token(Long.MAX_VALUE);
    private static final int MAX_CONNECTIONS = 1024;
    private static final int FIRST_BACK_OFF_MILLIS = 10;
    private static final int MAX_BACK_OFF_MILLIS = 1_000;

    private final Poll poll;
    private final TcpListener listener;
    private final Waker waker;
    private final TokenSlab<Connection> connections = new TokenSlab<>(MAX_CONNECTIONS);
    private volatile boolean running = true;
    /** The current accept back-off in milliseconds; 0 while accepting normally. Event-loop thread only. */
    private long backOffMillis;
    /** Whether accept has failed since it last would-block: one message per such episode. */
    private boolean acceptFailing;
    /** When accepting resumes, in {@link System#nanoTime()} terms; meaningful while backing off. */
    private long resumeAcceptAt;

    /**
     * Binds the server.
     *
     * @param address where to listen (port 0 picks one)
     * @param backend the backend's name, or {@code null} for the default
     * @throws IllegalArgumentException if no backend has that name
     * @throws IOException if binding fails or the backend is unavailable
     */
    public EchoServer(InetSocketAddress address, String backend) throws IOException {
        poll = backend == null ? Poll.open() : Poll.open(backend);
        try {
            listener = Cli.bind(address, poll.provider());
            poll.registry().register(listener, SERVER, Interest.READABLE);
            waker = Waker.open(poll.registry(), WAKER);
        } catch (IOException | RuntimeException e) {
            poll.close();
            throw e;
        }
    }

    /**
     * Runs the echo server until the process is stopped (Ctrl-C or SIGTERM stop it quietly).
     *
     * @param args {@code [host:port] [backend]}
     */
    public static void main(String[] args) {
        Cli.run("EchoServer", () -> {
            ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9000");
            try (EchoServer server = new EchoServer(options.address(), options.backend())) {
                InetSocketAddress local = server.localAddress();
                System.out.println("Echo server listening on " + local + " with backend " + server.backend()
                        + "; try: nc " + local.getHostString() + " " + local.getPort() + " (Ctrl-C stops it)");
                Cli.stopOnSignal(server::stop);
                server.run();
            }
            System.out.println("Echo server stopped");
        });
    }

    /**
     * The address the server listens on.
     *
     * @return the address, with the port chosen if it was bound to port 0
     * @throws IOException if the listener cannot tell
     */
    public InetSocketAddress localAddress() throws IOException {
        return listener.localAddress();
    }

    /**
     * The backend the server runs on.
     *
     * @return the backend's name
     */
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
        Registry registry = poll.registry();
        while (running) {
            poll.poll(events, backOffMillis == 0 ? null : untilResume());
            for (Event event : events) {
                if (event.token() == SERVER) {
                    if (backOffMillis == 0) {
                        acceptAll();
                    }
                } else if (event.token() != WAKER) {
                    long key = event.token().value() - 1;
                    Connection connection = connections.get(key);
                    // a spurious event for a connection already closed is legal: ignore it
                    if (connection != null && !connection.echo(registry, event.token())) {
                        connections.remove(key).stream.close();
                    }
                }
            }
            if (backOffMillis != 0 && System.nanoTime() - resumeAcceptAt >= 0) {
                // the listener's readiness was not drained: no event will come for it, so try now
                acceptAll();
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

    /**
     * Closes every connection, the listener and the poll.
     *
     * @throws IOException if closing one of them fails
     */
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

    private Duration untilResume() {
        return Duration.ofNanos(Math.max(0, resumeAcceptAt - System.nanoTime()));
    }

    /** Accepts until accept would block; on a failure, backs off instead of giving up. */
    private void acceptAll() throws IOException {
        TcpStream stream;
        while (true) {
            try {
                stream = listener.accept();
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (stream == null) {
                backOffMillis = 0; // drained: events drive accepting again
                acceptFailing = false;
                return;
            }
            backOffMillis = 0; // progress: a failure after this one starts the back-off over
            int key = connections.insert(new Connection(stream));
            if (key < 0) {
                stream.close(); // full: refuse by closing
                continue;
            }
            poll.registry().register(stream, new Token(key + 1L), Interest.READABLE);
        }
    }

    private void backOff(IOException e) {
        backOffMillis = backOffMillis == 0 ? FIRST_BACK_OFF_MILLIS : Math.min(backOffMillis * 2, MAX_BACK_OFF_MILLIS);
        resumeAcceptAt = System.nanoTime() + backOffMillis * 1_000_000;
        if (!acceptFailing) {
            acceptFailing = true; // one line per episode, not one per retry
            System.err.println("Echo server: accept failed (" + e.getMessage() + "); serving "
                    + connections.size() + " connections and accepting again in " + backOffMillis + " ms");
        }
    }

    /** One client: what was read and not yet written back waits in {@code buffer}. */
    private static final class Connection {
        final TcpStream stream;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
        /** Whether the stream is registered for WRITABLE too, i.e. bytes are pending. */
        boolean writable;

        Connection(TcpStream stream) {
            this.stream = stream;
        }

        /**
         * Writes back what is pending, then reads and writes back until one of them would block
         * (edge-triggered: drain each event), then asks for WRITABLE only if bytes are still pending.
         *
         * @return false once the client is gone
         */
        boolean echo(Registry registry, Token token) {
            try {
                while (true) {
                    if (buffer.position() > 0) {
                        buffer.flip();
                        stream.write(buffer);
                        buffer.compact();
                        if (buffer.position() > 0) {
                            break; // would block: stop reading until the peer takes what is pending
                        }
                    }
                    int n = stream.read(buffer);
                    if (n < 0) {
                        return false; // everything read was written back: done
                    }
                    if (n == 0) {
                        break; // would block: the next readable event resumes here
                    }
                }
                boolean pending = buffer.position() > 0;
                if (pending != writable) {
                    // reregister also re-arms: a readable edge missed while not reading comes again
                    registry.reregister(stream, token, pending ? Interest.READABLE.add(Interest.WRITABLE) : Interest.READABLE);
                    writable = pending;
                }
                return true;
            } catch (IOException e) {
                return false; // reset by the peer, or similar: drop the connection
            }
        }
    }
}
