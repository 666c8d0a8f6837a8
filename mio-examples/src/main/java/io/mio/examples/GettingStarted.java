package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.time.Duration;

/**
 * mio's getting-started example: a server that accepts connections and drops them at once.
 * Run it with {@code [host:port] [backend]} and connect with e.g. {@code nc 127.0.0.1 9000}.
 */
public final class GettingStarted {
    private static final Token SERVER = new Token(0);
    private static volatile boolean running = true;

    private GettingStarted() {
    }

    /**
     * Runs the server until the process is stopped (Ctrl-C or SIGTERM stop it quietly).
     *
     * @param args {@code [host:port] [backend]}
     */
    public static void main(String[] args) {
        Cli.run("GettingStarted", () -> {
            ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9000");
            try (Poll poll = options.openPoll();
                 TcpListener listener = Cli.bind(options.address(), poll.provider())) {
                System.out.println("Listening on " + listener.localAddress() + " with backend "
                        + poll.provider().name() + " (Ctrl-C stops it)");
                Cli.stopOnSignal(() -> running = false); // the loop sees it within 100 ms
                Events events = Events.withCapacity(128);
                poll.registry().register(listener, SERVER, Interest.READABLE);
                while (running) {
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
            System.out.println("Stopped");
        });
    }
}
