package io.mio.examples;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.Shutdown;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client for {@link EchoServer}, itself written on mio: connects without blocking, sends a
 * message, shuts down its output and reads until the server has echoed every byte back.
 */
public final class EchoClient {
    private static final Token CLIENT = new Token(1);

    private EchoClient() {
    }

    /**
     * Sends {@code "hello mio"} (or the words after the backend) and prints what comes back; exits
     * with status 1 if the server cannot be reached or sent back something else.
     *
     * @param args {@code [host:port] [backend] [message...]}
     */
    public static void main(String[] args) {
        Cli.run("EchoClient", () -> {
            ExampleArgs options = ExampleArgs.parse(args, "127.0.0.1:9000");
            String message = options.rest().isEmpty() ? "hello mio" : String.join(" ", options.rest());
            try (Poll poll = options.openPoll()) {
                byte[] echoed;
                try {
                    echoed = roundTrip(poll, options.address(), message.getBytes(StandardCharsets.UTF_8),
                            Duration.ofSeconds(10));
                } catch (IOException e) {
                    throw new IOException("no echo from " + options.address() + ": " + e.getMessage(), e);
                }
                String reply = new String(echoed, StandardCharsets.UTF_8);
                System.out.println("Sent '" + message + "', received '" + reply + "' with backend "
                        + poll.provider().name());
                if (!reply.equals(message)) {
                    throw new IOException("the reply differs from what was sent");
                }
            }
        });
    }

    /**
     * Sends {@code payload} to an echo server and returns what it sent back before closing.
     *
     * @param poll the poll to use
     * @param address the server
     * @param payload the bytes to send
     * @param timeout the longest wait for any one event
     * @return the bytes received
     * @throws IOException if connecting or the exchange fails, or an event does not come in time
     */
    public static byte[] roundTrip(Poll poll, InetSocketAddress address, byte[] payload, Duration timeout)
            throws IOException {
        Events events = Events.withCapacity(8);
        ByteBuffer out = ByteBuffer.wrap(payload);
        ByteBuffer in = ByteBuffer.allocate(payload.length + 1);
        try (TcpStream stream = TcpStream.connect(address, poll.provider())) {
            poll.registry().register(stream, CLIENT, Interest.READABLE.add(Interest.WRITABLE));
            boolean connected = false;
            boolean shut = false;
            while (true) {
                poll.poll(events, timeout);
                if (events.isEmpty()) {
                    throw new IOException("no event from " + address + " within " + timeout);
                }
                for (Event event : events) {
                    if (!connected) {
                        IOException error = stream.takeError();
                        if (error != null) {
                            throw error;
                        }
                        connected = stream.peerAddress() != null;
                    }
                    if (connected && !shut) {
                        stream.write(out);
                        if (!out.hasRemaining()) {
                            stream.shutdown(Shutdown.WRITE);
                            shut = true;
                        }
                    }
                    int n;
                    while (connected && (n = stream.read(in)) != 0) {
                        if (n < 0) {
                            in.flip();
                            byte[] received = new byte[in.remaining()];
                            in.get(received);
                            return received;
                        }
                        if (!in.hasRemaining()) {
                            throw new IOException("the server sent more than it was sent");
                        }
                    }
                }
            }
        }
    }
}
