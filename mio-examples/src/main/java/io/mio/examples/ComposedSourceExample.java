package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Registry;
import io.mio.Source;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A source of your own (mio's {@code event::Source} trait): a {@link Connection} object holds a
 * {@link TcpStream} and its buffers, and is registered itself, not its stream. It delegates
 * registration to the stream, and asks for writable events only while it has replies it could not
 * write yet, by reregistering itself. The server answers each line a client sends in upper case.
 *
 * <p>Run it with {@code [host:port] [backend]} and talk to it with {@code nc 127.0.0.1 9002}.
 */
public final class ComposedSourceExample {
    private static final Token SERVER = new Token(Long.MAX_VALUE);
    private static final int MAX_CONNECTIONS = 1024;
    /**
     * A fixed send buffer per connection: it bounds the kernel memory a slow reader can pin (and
     * stops Linux growing it), so a client that reads slower than it sends makes writes would-block.
     */
    private static final int SEND_BUFFER = 16 * 1024;

    private ComposedSourceExample() {
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [host:port] [backend]}
     * @throws IOException if the server fails
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9002");
        try (Poll poll = options.openPoll();
             TcpListener listener = TcpListener.bind(options.address(), poll.provider())) {
            InetSocketAddress address = listener.localAddress();
            System.out.println("Upper-case server listening on " + address + " with backend " + poll.provider().name()
                    + "; try: nc " + address.getHostString() + " " + address.getPort());
            serve(poll, listener, Long.MAX_VALUE, null);
        }
    }

    /**
     * Serves until {@code clients} connections have come and gone.
     *
     * @param poll the poll
     * @param listener a listener of the poll's backend
     * @param clients after how many closed connections to return
     * @param timeout the longest time to wait without an event, or {@code null} for no limit
     * @return the lines answered in all
     * @throws IOException if serving fails, or (with a timeout) nothing happened in time
     */
    public static long serve(Poll poll, TcpListener listener, long clients, Duration timeout) throws IOException {
        TokenSlab<Connection> connections = new TokenSlab<>(MAX_CONNECTIONS);
        Registry registry = poll.registry();
        Events events = Events.withCapacity(128);
        registry.register(listener, SERVER, Interest.READABLE);
        long closed = 0;
        long answered = 0;
        while (closed < clients) {
            poll.poll(events, timeout);
            if (events.isEmpty() && timeout != null) {
                throw new IOException("no event within " + timeout + " (" + closed + " clients served)");
            }
            for (Event event : events) {
                if (event.token() == SERVER) {
                    TcpStream stream;
                    while ((stream = listener.accept()) != null) {
                        stream.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
                        Connection connection = new Connection(stream);
                        int key = connections.insert(connection);
                        if (key < 0) {
                            stream.close(); // full: refuse by closing
                        } else {
                            registry.register(connection, new Token(key), Interest.READABLE);
                        }
                    }
                    continue;
                }
                Connection connection = connections.get(event.token().value());
                if (connection == null) {
                    continue; // a spurious event after close is legal
                }
                if (!connection.onReady(registry)) {
                    connections.remove(event.token().value()).close(registry);
                    answered += connection.answered();
                    closed++;
                }
            }
        }
        registry.deregister(listener);
        return answered;
    }

    /**
     * One client: a user type that is a {@link Source} by delegating to its stream, so the event
     * loop registers the connection and the connection decides which interests its stream needs.
     */
    public static final class Connection implements Source {
        private final TcpStream stream;
        /** Bytes read and not answered yet (no complete line). */
        private final ByteBuffer in = ByteBuffer.allocate(4096);
        /** Answers not written yet; as large as {@code in}, so one read's answers always fit. */
        private final ByteBuffer out = ByteBuffer.allocate(4096);
        private Token token;
        private boolean writable;
        /** Lines answered so far. */
        private long answered;

        /**
         * Wraps an accepted stream.
         *
         * @param stream the stream; the connection closes it
         */
        public Connection(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public void register(Registry registry, Token token, Interest interests) throws IOException {
            stream.register(registry, token, interests);
            this.token = token;
            writable = interests.isWritable();
        }

        @Override
        public void reregister(Registry registry, Token token, Interest interests) throws IOException {
            stream.reregister(registry, token, interests);
            this.token = token;
            writable = interests.isWritable();
        }

        @Override
        public void deregister(Registry registry) throws IOException {
            stream.deregister(registry);
            token = null;
        }

        /**
         * Reads, answers and writes until the stream would block (events are edge-triggered).
         *
         * @param registry the registry the connection is registered with
         * @return whether the client is still there ({@code false} once it has gone)
         * @throws IOException if reregistering fails
         */
        boolean onReady(Registry registry) throws IOException {
            try {
                while (true) {
                    if (!flush()) {
                        want(registry, true); // the next writable event resumes here
                        return true;
                    }
                    int n = stream.read(in);
                    if (n < 0) {
                        return false;
                    }
                    if (n == 0) {
                        want(registry, false); // the next readable event resumes here
                        return true;
                    }
                    answered += answerLines();
                }
            } catch (IOException e) {
                return false; // reset by the peer, or similar: drop the connection
            }
        }

        /** {@return the lines this connection has answered} */
        long answered() {
            return answered;
        }

        /** Deregisters the connection (through itself, as the loop registered it) and closes it. */
        void close(Registry registry) throws IOException {
            try {
                registry.deregister(this);
            } finally {
                stream.close();
            }
        }

        /** Moves each complete line of {@code in} to {@code out} in upper case. */
        private int answerLines() {
            int lines = 0;
            int end = 0;
            for (int i = 0; i < in.position(); i++) {
                if (in.get(i) == '\n') {
                    lines++;
                    end = i + 1;
                }
            }
            if (end == 0 && !in.hasRemaining()) {
                end = in.position(); // a line longer than the buffer: answer what there is
            }
            for (int i = 0; i < end; i++) {
                byte b = in.get(i);
                out.put(b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b);
            }
            in.flip().position(end);
            in.compact();
            return lines;
        }

        /** {@return whether everything answered was written} */
        private boolean flush() throws IOException {
            out.flip();
            stream.write(out);
            boolean flushed = !out.hasRemaining();
            out.compact();
            return flushed;
        }

        /** Asks for writable events only while answers wait, by reregistering this connection. */
        private void want(Registry registry, boolean write) throws IOException {
            if (write != writable) {
                registry.reregister(this, token, write ? Interest.READABLE.add(Interest.WRITABLE) : Interest.READABLE);
            }
        }
    }
}
