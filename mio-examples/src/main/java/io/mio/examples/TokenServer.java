package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * mio's token-tracking example: a server that keeps its connections in a {@link TokenSlab}, gives
 * each the token of its slab key, counts the bytes each sends, and shuts down after it has accepted
 * {@value #CONNECTIONS} sockets and all of them have closed.
 */
public final class TokenServer {
    /** How many connections the server accepts before it shuts down. */
    public static final int CONNECTIONS = 32;
    private static final Token SERVER = new Token(Long.MAX_VALUE);

    private TokenServer() {
    }

    /**
     * Runs the server until it has served {@value #CONNECTIONS} connections.
     *
     * @param args {@code [host:port] [backend]}; the default address is {@code 127.0.0.1:9001}, so it
     *     can run beside the echo server
     */
    public static void main(String[] args) {
        Cli.run("TokenServer", () -> {
            ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9001");
            try (Poll poll = options.openPoll();
                 TcpListener listener = Cli.bind(options.address(), poll.provider())) {
                System.out.println("Token server listening on " + listener.localAddress() + " with backend "
                        + poll.provider().name() + "; it stops after " + CONNECTIONS + " connections");
                long bytes = serve(poll, listener, null);
                System.out.println("Served " + CONNECTIONS + " connections, " + bytes + " bytes; shutting down");
            }
        });
    }

    /**
     * Serves until {@value #CONNECTIONS} connections were accepted and closed.
     *
     * @param poll the poll
     * @param listener a listener of the poll's backend
     * @param timeout the longest time to wait without an event, or {@code null} for no limit
     * @return the bytes received in all
     * @throws IOException if serving fails, or (with a timeout) nothing happened in time
     */
    public static long serve(Poll poll, TcpListener listener, Duration timeout) throws IOException {
        TokenSlab<TcpStream> slab = new TokenSlab<>(CONNECTIONS);
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        Events events = Events.withCapacity(64);
        poll.registry().register(listener, SERVER, Interest.READABLE);
        int accepted = 0;
        long bytes = 0;
        while (accepted < CONNECTIONS || slab.size() > 0) {
            poll.poll(events, timeout);
            if (events.isEmpty() && timeout != null) {
                throw new IOException("no event within " + timeout + " (accepted " + accepted + ")");
            }
            for (Event event : events) {
                if (event.token() == SERVER) {
                    TcpStream stream;
                    while (accepted < CONNECTIONS && (stream = listener.accept()) != null) {
                        int key = slab.insert(stream);
                        poll.registry().register(stream, new Token(key), Interest.READABLE);
                        accepted++;
                    }
                    continue;
                }
                TcpStream stream = slab.get(event.token().value());
                if (stream == null) {
                    continue; // spurious event after close: legal
                }
                int n;
                while ((n = stream.read(buffer.clear())) > 0) {
                    bytes += n;
                }
                if (n < 0) {
                    slab.remove(event.token().value()).close();
                }
            }
        }
        poll.registry().deregister(listener);
        return bytes;
    }
}
