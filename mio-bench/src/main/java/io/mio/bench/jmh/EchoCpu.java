package io.mio.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * User and system CPU per round trip of {@link EchoLoopBenchmark}'s loop (16 connections, 64-byte
 * messages), from the thread's CPU clocks: the loop and both socket ends run on this one thread, so
 * its CPU time is the library's and the kernel's cost per request. Prints one line per batch, so
 * the spread between batches shows the noise.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar io.mio.bench.jmh.EchoCpu epoll direct|heap|arena 5 20000</pre>
 */
public final class EchoCpu {
    private EchoCpu() {
    }

    public static void main(final String[] args) throws Exception {
        final String backend = args.length > 0 ? args[0] : "epoll";
        final String buffers = args.length > 1 ? args[1] : "direct";
        final int batches = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        final int perBatch = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Echo echo = Echo.open(backend, 16, 64, buffers)) {
            for (int i = 0; i < perBatch * 2; i++) { // warm-up: compile the loop
                echo.roundTrip();
            }
            for (int b = 0; b < batches; b++) {
                final long user = threads.getCurrentThreadUserTime();
                final long cpu = threads.getCurrentThreadCpuTime();
                final long wall = System.nanoTime();
                for (int i = 0; i < perBatch; i++) {
                    echo.roundTrip();
                }
                final double requests = perBatch * 16.0;
                final long userNs = threads.getCurrentThreadUserTime() - user;
                final long cpuNs = threads.getCurrentThreadCpuTime() - cpu;
                System.out.printf("%s %s batch %d: user %.0f ns/request, sys %.0f ns/request, wall %.0f ns/request%n",
                        backend, buffers, b, userNs / requests, (cpuNs - userNs) / requests,
                        (System.nanoTime() - wall) / requests);
            }
        }
    }
}
