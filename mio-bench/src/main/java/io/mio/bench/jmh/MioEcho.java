package io.mio.bench.jmh;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The echo loop on a mio backend, written as mio's docs ask: every stream registered once for
 * READABLE and WRITABLE (edge-triggered, so no reregister per message), reads until would-block,
 * a blocked write resumed on the writable event. Allocates nothing per round trip.
 */
final class MioEcho implements Echo {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final Interest BOTH = Interest.READABLE.add(Interest.WRITABLE);

    private final Poll poll;
    private final TcpListener listener;
    private final Events events = Events.withCapacity(256);
    private final int size;
    /** index i: client i, token 2i */
    private final TcpStream[] clients;
    /** index i: server end of client i, token 2i + 1 */
    private final TcpStream[] servers;
    private final ByteBuffer[] clientOut;
    private final ByteBuffer[] clientIn;
    private final int[] received;
    private final ByteBuffer[] echo;
    private int pending;

    MioEcho(final String backend, final int connections, final int size, final String buffers) throws IOException {
        this.size = size;
        poll = Poll.open(backend);
        listener = Loopback.listen(poll);
        clients = new TcpStream[connections];
        servers = new TcpStream[connections];
        clientOut = new ByteBuffer[connections];
        clientIn = new ByteBuffer[connections];
        received = new int[connections];
        echo = new ByteBuffer[connections];
        for (int i = 0; i < connections; i++) {
            final TcpStream[] pair = Loopback.connect(poll, listener);
            clients[i] = pair[0];
            servers[i] = pair[1];
            final ByteBuffer out = Echo.buffer(buffers, size);
            for (int b = 0; b < size; b++) {
                out.put(b, (byte) b);
            }
            clientOut[i] = out;
            // room beyond one message, so a read returns 0 only when the socket would block
            clientIn[i] = Echo.buffer(buffers, 2 * size);
            echo[i] = Echo.buffer(buffers, 2 * size);
            poll.registry().register(clients[i], new Token(2L * i), BOTH);
            poll.registry().register(servers[i], new Token(2L * i + 1), BOTH);
        }
        for (int i = 0; i < 5; i++) { // drain the initial writable events
            poll.poll(events, Duration.ofMillis(10));
        }
    }

    @Override
    public void roundTrip() throws IOException {
        final int n = clients.length;
        for (int i = 0; i < n; i++) {
            clientOut[i].clear();
            received[i] = 0;
            clients[i].write(clientOut[i]);
        }
        pending = n;
        while (pending > 0) {
            poll.poll(events, BOUND);
            for (Event event : events) {
                final long token = event.token().value();
                final int i = (int) (token >>> 1);
                if ((token & 1) == 0) {
                    client(i);
                } else {
                    server(i);
                }
            }
        }
    }

    private void client(final int i) throws IOException {
        final TcpStream stream = clients[i];
        final ByteBuffer out = clientOut[i];
        if (out.hasRemaining()) {
            stream.write(out);
        }
        final ByteBuffer in = clientIn[i];
        int r;
        while ((r = stream.read(in.clear())) > 0) {
            received[i] += r;
        }
        if (r < 0) {
            throw new EOFException("echo server closed");
        }
        if (received[i] == size) {
            received[i] = -1; // counted once
            pending--;
        }
    }

    private void server(final int i) throws IOException {
        final TcpStream stream = servers[i];
        final ByteBuffer buf = echo[i];
        boolean progress = true;
        while (progress) {
            progress = false;
            if (buf.hasRemaining()) {
                final int r = stream.read(buf);
                if (r < 0) {
                    throw new EOFException("echo client closed");
                }
                progress = r > 0;
            }
            if (buf.position() > 0) {
                buf.flip();
                progress |= stream.write(buf) > 0;
                buf.compact();
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < clients.length; i++) {
            Loopback.closeAll(clients[i], servers[i]);
        }
        Loopback.closeAll(listener, poll);
    }
}
