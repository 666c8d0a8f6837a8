package io.mio.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Starts one plaintext server of the load benchmark, by stack name, on 127.0.0.1.
 *
 * <pre>
 * java -cp benchmarks.jar io.mio.bench.http.HttpServers STACK PORT MAX_SECONDS
 *   STACK: mio-NAME (a backend: mio-epoll, mio-selector, ...), nio, ffm-epoll (the bare loop), netty-epoll,
 *          netty-io_uring, netty-nio
 * </pre>
 *
 * It prints {@code READY port pid} once it listens, serves with one event-loop thread, and stops by
 * itself after MAX_SECONDS (the load script stops it earlier with SIGTERM).
 */
public final class HttpServers {

    /** A server of one stack. */
    interface Server extends AutoCloseable {
        int port();

        /** Serves on the calling thread (or waits for the stack's own loop) until the deadline. */
        void run(long deadlineNanos) throws IOException;

        @Override
        void close() throws IOException;
    }

    private HttpServers() {
    }

    static Server open(final String stack, final InetSocketAddress address) throws IOException {
        if (stack.startsWith("mio-")) {
            return new MioHttpServer(address, stack.substring(4));
        }
        return switch (stack) {
            case "nio" -> new NioHttpServer(address);
            case "ffm-epoll" -> new FfmEpollHttpServer(address);
            case "netty-epoll" -> new NettyHttpServer(address, "epoll");
            case "netty-io_uring" -> new NettyHttpServer(address, "io_uring");
            case "netty-nio" -> new NettyHttpServer(address, "nio");
            default -> throw new IllegalArgumentException("unknown stack " + stack
                    + " (known: mio-<backend>, nio, ffm-epoll, netty-epoll, netty-io_uring, netty-nio)");
        };
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: HttpServers STACK PORT MAX_SECONDS");
            System.exit(2);
        }
        final String stack = args[0];
        final int port = Integer.parseInt(args[1]);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
        try (Server server = open(stack, new InetSocketAddress("127.0.0.1", port))) {
            System.out.println("READY " + server.port() + " " + ProcessHandle.current().pid());
            if (stack.startsWith("netty-")) {
                System.out.println("netty: sun.misc.Unsafe " + (io.netty.util.internal.PlatformDependent.hasUnsafe()
                        ? "in use" : "not used (" + io.netty.util.internal.PlatformDependent.getUnsafeUnavailabilityCause()
                        + ")"));
            }
            System.out.flush();
            server.run(deadline);
        }
        // Netty's event loop is non-daemon; the deadline is a hard bound for every stack.
        System.exit(0);
    }
}
