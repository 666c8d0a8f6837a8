package io.mio.bench.jmh;

import io.mio.bench.Backends;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A steady-state echo loop over loopback on one thread: {@code connections} client/server pairs
 * registered with one poll; a round trip has each client send {@code size} bytes, and runs the loop
 * (poll, dispatch by token, read, write) until every echo is back. Both ends live in the same loop,
 * so what is measured is the library and the kernel, not thread hand-offs.
 */
interface Echo extends AutoCloseable {

    /** Sends one message per connection and loops until every echo has come back. */
    void roundTrip() throws IOException;

    @Override
    void close();

    static Echo open(final String backend, final int connections, final int size) throws IOException {
        return open(backend, connections, size, true);
    }

    /** @param direct whether the loop's buffers are direct ({@code allocateDirect}) or heap ({@code allocate}) */
    static Echo open(final String backend, final int connections, final int size, final boolean direct)
            throws IOException {
        return backend.equals(Backends.NIO)
                ? new NioEcho(connections, size, direct)
                : new MioEcho(backend, connections, size, direct);
    }

    /** @return a direct or a heap buffer of {@code capacity} bytes */
    static ByteBuffer buffer(final boolean direct, final int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }
}
