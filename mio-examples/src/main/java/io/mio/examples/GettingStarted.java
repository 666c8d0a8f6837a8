package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.time.Duration;

/**
 * mio's getting-started example: a server that accepts connections and drops them at once.
 * Run it with {@code [host:port] [backend]} and connect with e.g. {@code nc 127.0.0.1 9000}.
 */
public final class GettingStarted {
    private static final Token SERVER = new Token(0);

    private GettingStarted() {
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [host:port] [backend]}
     * @throws IOException if the server fails
     */
    public static void main(String[] args) throws IOException {
        ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9000");
        try (Poll poll = options.openPoll();
             TcpListener listener = TcpListener.bind(options.address(), poll.provider())) {
            System.out.println("Listening on " + listener.localAddress() + " with backend " + poll.provider().name());
            Events events = Events.withCapacity(128);
            poll.registry().register(listener, SERVER, Interest.READABLE);
            while (true) {
                poll.poll(events, Duration.ofMillis(100));
                for (Event event : events) {
                    if (event.token().equals(SERVER)) {
                        TcpStream connection;
                        while ((connection = listener.accept()) != null) {
                            System.out.println("Got a connection from: " + connection.peerAddress());
                            connection.close();
                        }
                    }
                }
            }
        }
    }
}
