package io.mio.bench.jmh;

import io.mio.bench.Backends;
import java.io.IOException;
import java.lang.foreign.Arena;
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
        return open(backend, connections, size, "direct");
    }

    /** @param buffers the loop's buffers: {@code direct}, {@code heap} or {@code arena} (see {@link #buffer}) */
    static Echo open(final String backend, final int connections, final int size, final String buffers)
            throws IOException {
        return backend.equals(Backends.NIO)
                ? new NioEcho(connections, size, buffers)
                : new MioEcho(backend, connections, size, buffers);
    }

    /**
     * @param kind {@code direct} ({@code allocateDirect}: only the GC frees it), {@code heap}
     *        ({@code allocate}) or {@code arena} (a shared arena's memory, which its owner may close:
     *        the checked path of a native backend)
     * @return a buffer of {@code capacity} bytes
     */
    static ByteBuffer buffer(final String kind, final int capacity) {
        return switch (kind) {
            case "direct" -> ByteBuffer.allocateDirect(capacity);
            case "heap" -> ByteBuffer.allocate(capacity);
            case "arena" -> Arenas.SHARED.allocate(capacity).asByteBuffer();
            default -> throw new IllegalArgumentException("buffers must be direct, heap or arena, not " + kind);
        };
    }

    /** The shared arena of the {@code arena} buffers: open for the life of the benchmark JVM. */
    final class Arenas {
        static final Arena SHARED = Arena.ofShared();

        private Arenas() {
        }
    }
}
