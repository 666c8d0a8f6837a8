package io.mio.bench.jmh;

import io.mio.bench.Backends;
import java.io.IOException;

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
        return backend.equals(Backends.NIO) ? new NioEcho(connections, size) : new MioEcho(backend, connections, size);
    }
}
