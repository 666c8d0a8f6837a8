package io.mio.examples;

import io.mio.Deadline;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The single-threaded seed's utilities on one event loop: a server that closes each connection
 * after {@code idle} without input (one {@link Deadline} per connection, rescheduled on every read),
 * and runs tasks that other threads hand it through a queue and a user-space event
 * ({@link Poll#post}). A clock thread submits a task every second that prints how many connections
 * are open; Ctrl-C submits the task that stops the loop. No timer thread, no allocation per timeout.
 *
 * <p>Run it with {@code [host:port] [backend]} (default {@code 127.0.0.1:9002}) and connect with
 * {@code nc 127.0.0.1 9002}: type within 10 seconds or be disconnected.
 */
public final class IdleTimeoutServer {
    private static final Token SERVER = new Token(0);
    private static final Token TASKS = new Token(1);

    private final Poll poll;
    private final TcpListener listener;
    private final Duration idle;
    /** Filled by any thread; drained by the loop, one task per TASKS event. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<Token, Connection> connections = new HashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    private long nextToken = 2;
    private long timedOut;
    private boolean running = true;

    /** One client: its stream and its idle deadline, which carries the connection's token. */
    private record Connection(TcpStream stream, Deadline idle) {
    }

    /**
     * Creates the server; {@link #serve()} runs it.
     *
     * @param poll the poll of the loop
     * @param listener the listener, of the poll's backend
     * @param idle how long a connection may stay silent
     */
    public IdleTimeoutServer(Poll poll, TcpListener listener, Duration idle) {
        this.poll = poll;
        this.listener = listener;
        this.idle = idle;
    }

    /**
     * Hands {@code task} to the loop, from any thread: it runs on the loop's thread at its next poll.
     *
     * @param task what to run
     * @throws IOException if the poll is closed or cannot be woken
     */
    public void submit(Runnable task) throws IOException {
        tasks.add(task);
        poll.post(TASKS, Interest.READABLE); // one post per task: posts are not coalesced
    }

    /** Makes {@link #serve()} return; call it on the loop's thread (from a submitted task). */
    public void stop() {
        running = false;
    }

    /** {@return how many connections are open; call it on the loop's thread} */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Runs the loop until a task calls {@link #stop()}, then closes the connections left.
     *
     * @return how many connections were closed for being idle
     * @throws IOException if polling fails
     */
    public long serve() throws IOException {
        Events events = Events.withCapacity(128);
        poll.registry().register(listener, SERVER, Interest.READABLE);
        try {
            while (running) {
                poll.poll(events, null); // the earliest idle deadline caps the wait
                for (Event event : events) {
                    if (event.token().equals(SERVER)) {
                        accept();
                    } else if (event.token().equals(TASKS)) {
                        Runnable task = tasks.poll();
                        if (task != null) {
                            task.run();
                        }
                    } else if (event.isTimer()) {
                        timedOut++;
                        close(connections.get(event.token()));
                    } else {
                        read(connections.get(event.token()));
                    }
                }
            }
        } finally {
            for (Connection connection : connections.values()) {
                connection.stream().close();
            }
            connections.clear();
        }
        return timedOut;
    }

    private void accept() throws IOException {
        TcpStream stream;
        while ((stream = listener.accept()) != null) {
            Token token = new Token(nextToken++);
            Connection connection = new Connection(stream, Deadline.of(poll, token));
            poll.registry().register(stream, token, Interest.READABLE);
            connection.idle().scheduleAfter(idle);
            connections.put(token, connection);
        }
    }

    private void read(Connection connection) throws IOException {
        if (connection == null) {
            return; // closed by its deadline earlier in this batch
        }
        int n;
        while ((n = connection.stream().read(buffer.clear())) > 0) {
            connection.idle().scheduleAfter(idle); // input: replaces the old deadline
        }
        if (n < 0) {
            close(connection);
        }
    }

    private void close(Connection connection) throws IOException {
        if (connection != null) {
            connection.idle().cancel();
            connections.remove(connection.idle().token());
            connection.stream().close();
        }
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args {@code [host:port] [backend]}
     */
    public static void main(String[] args) {
        Cli.run("IdleTimeoutServer", () -> {
            ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9002");
            try (Poll poll = options.openPoll();
                 TcpListener listener = Cli.bind(options.address(), poll.provider())) {
                IdleTimeoutServer server = new IdleTimeoutServer(poll, listener, Duration.ofSeconds(10));
                System.out.println("Listening on " + listener.localAddress() + " with backend "
                        + poll.provider().name() + "; silent connections close after 10 s (Ctrl-C stops it)");
                Thread clock = Thread.ofPlatform().daemon().name("clock").start(() -> {
                    try {
                        while (true) {
                            Thread.sleep(1000);
                            server.submit(() -> System.out.println(server.openConnections() + " open"));
                        }
                    } catch (InterruptedException | IOException | RuntimeException stopped) {
                        // the poll closed: nothing left to report to
                    }
                });
                Cli.stopOnSignal(() -> server.submit(server::stop));
                long timedOut = server.serve();
                clock.interrupt();
                System.out.println("Stopped; " + timedOut + " connections timed out");
            }
        });
    }
}
