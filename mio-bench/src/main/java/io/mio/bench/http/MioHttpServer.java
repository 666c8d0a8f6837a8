package io.mio.bench.http;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The plaintext server on a mio backend, one thread, written as mio's docs ask: edge-triggered, so
 * each readable event reads until the socket would block; a partial write adds WRITABLE interest
 * until the connection's output drains. Connections live in an array indexed by token: dispatch
 * is an array load, and the loop allocates nothing per request.
 */
final class MioHttpServer implements HttpServers.Server {

    private static final Token LISTENER = new Token(Long.MAX_VALUE);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Interest BOTH = Interest.READABLE.add(Interest.WRITABLE);
    /**
     * Experiment only, off in every measured run: stop reading after a short read instead of reading
     * until would-block. Safe on a true edge-triggered facility (a short read drained the socket, and
     * new data raises a new edge) but outside mio's contract; it shows what the extra read costs.
     */
    private static final boolean SHORT_READ_DRAINS = Boolean.getBoolean("bench.shortReadDrains");

    private final Poll poll;
    private final TcpListener listener;
    private final Events events = Events.withCapacity(1024);
    private Connection[] connections = new Connection[256];
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int next;

    MioHttpServer(final InetSocketAddress address, final String backend) throws IOException {
        poll = Poll.open(backend);
        listener = TcpListener.bind(address, poll.provider(), Listeners.BACKLOG, false);
        poll.registry().register(listener, LISTENER, Interest.READABLE);
    }

    @Override
    public int port() {
        try {
            return listener.localAddress().getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void run(final long deadlineNanos) throws IOException {
        while (System.nanoTime() < deadlineNanos) {
            poll.poll(events, TICK);
            for (Event event : events) {
                final long token = event.token().value();
                if (token == LISTENER.value()) {
                    accept();
                    continue;
                }
                final Connection c = connections[(int) token];
                if (c == null) {
                    continue; // an event for a connection closed earlier in this batch
                }
                try {
                    if (event.isReadable() && !c.read()) {
                        close(c);
                        continue;
                    }
                    if (event.isWritable() || c.owed > 0) {
                        c.flush();
                    }
                } catch (IOException e) {
                    close(c);
                }
            }
        }
    }

    private void accept() throws IOException {
        TcpStream stream;
        while ((stream = listener.accept()) != null) {
            stream.setNodelay(true);
            final int slot;
            if (!free.isEmpty()) {
                slot = free.poll();
            } else {
                slot = next++;
                if (slot == connections.length) {
                    connections = java.util.Arrays.copyOf(connections, slot * 2);
                }
            }
            final Connection c = new Connection(stream, slot);
            connections[slot] = c;
            poll.registry().register(stream, c.token, Interest.READABLE);
        }
    }

    private void close(final Connection c) {
        connections[c.slot] = null;
        free.add(c.slot);
        try {
            c.stream.close(); // closing deregisters
        } catch (IOException ignored) {
            // a dead peer's socket: nothing to report
        }
    }

    @Override
    public void close() throws IOException {
        for (Connection c : connections) {
            if (c != null) {
                c.stream.close();
            }
        }
        listener.close();
        poll.close();
    }

    /** One client connection: the same state as every other stack's. */
    private final class Connection {
        final TcpStream stream;
        final int slot;
        final Token token;
        final ByteBuffer in = ByteBuffer.allocateDirect(Http.READ_BUFFER);
        final ByteBuffer out = ByteBuffer.allocateDirect(Http.WRITE_BUFFER).flip();
        int scan;
        int owed;
        boolean writeInterest;

        Connection(final TcpStream stream, final int slot) {
            this.stream = stream;
            this.slot = slot;
            this.token = new Token(slot);
        }

        /** Reads until the socket would block. @return false at end of stream */
        boolean read() throws IOException {
            for (;;) {
                in.clear();
                final int n = stream.read(in);
                if (n <= 0) {
                    return n == 0;
                }
                final boolean drained = SHORT_READ_DRAINS && n < in.capacity();
                int state = scan;
                for (int i = 0; i < n; i++) {
                    state = Http.step(state, in.get(i));
                    if (state == 4) {
                        owed++;
                        state = 0;
                    }
                }
                scan = state;
                if (drained) {
                    return true;
                }
            }
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
                stream.write(out);
                if (out.hasRemaining()) {
                    if (!writeInterest) {
                        writeInterest = true;
                        poll.registry().reregister(stream, token, BOTH);
                    }
                    return;
                }
            }
            if (writeInterest) {
                writeInterest = false;
                poll.registry().reregister(stream, token, Interest.READABLE);
            }
        }
    }
}
