package io.mio.bench.jmh;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * CPU time per call of two pieces of a mio backend's per-request path, from the thread's CPU clock
 * ({@code CLOCK_THREAD_CPUTIME_ID}: nanosecond resolution, and time the thread waits for a core is
 * not counted, so it holds on a loaded machine where wall-clock benchmarks do not):
 * <ul>
 * <li>the would-block read that ends an edge after a short read (answered by the read elision,
 *     no system call: the library's own cost alone);</li>
 * <li>a zero-timeout poll with nothing ready, beside the same {@code epoll_wait} called bare through
 *     FFM (as {@code FfmEpollHttpServer} calls it): the difference is the library's per-poll cost.</li>
 * </ul>
 * Only the public API is used, so an A/B of a change puts another build's jar first on the class
 * path, where its {@code io.mio} classes win, and this one's second:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp BASE.jar:benchmarks.jar io.mio.bench.jmh.HotPathCpu [backend] [rounds]</pre>
 */
public final class HotPathCpu {
    private static final int READS = 20_000_000;
    private static final int POLLS = 200_000;

    private HotPathCpu() {
    }

    public static void main(final String[] args) throws Throwable {
        final String backend = args.length > 0 ? args[0] : "epoll";
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Linker linker = Linker.nativeLinker();
        final MethodHandle epollCreate = linker.downcallHandle(linker.defaultLookup().findOrThrow("epoll_create1"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        final MethodHandle epollWait = linker.downcallHandle(linker.defaultLookup().findOrThrow("epoll_wait"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.captureCallState("errno"));
        final MethodHandle close = linker.downcallHandle(linker.defaultLookup().findOrThrow("close"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined();
             Poll poll = Poll.open(backend);
             TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     poll.provider())) {
            final MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
            final MemorySegment bareEvents = arena.allocate(12L * 64, 8);
            final int bareEpfd = (int) epollCreate.invokeExact(0);
            final TcpStream client = TcpStream.connect(listener.localAddress(), listener.provider());
            TcpStream accepted;
            while ((accepted = listener.accept()) == null) {
                Thread.onSpinWait(); // the connect completes on loopback at once
            }
            final TcpStream server = accepted;
            final Events events = Events.withCapacity(16);
            poll.registry().register(server, new Token(1), Interest.READABLE);
            client.write(ByteBuffer.allocateDirect(10));
            do {
                poll.poll(events, Duration.ofMillis(100));
            } while (events.isEmpty());
            final ByteBuffer in = ByteBuffer.allocateDirect(4096);
            if (server.read(in) != 10) {
                throw new IllegalStateException("expected a short read of 10 bytes");
            }
            for (int r = 0; r < rounds; r++) {
                long t = threads.getCurrentThreadCpuTime();
                int sum = 0;
                for (int i = 0; i < READS; i++) {
                    in.clear();
                    sum += server.read(in);
                }
                final double read = (threads.getCurrentThreadCpuTime() - t) / (double) READS;
                if (sum != 0) {
                    throw new IllegalStateException("the reads after the short read were not would-block");
                }
                t = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < POLLS; i++) {
                    poll.poll(events, Duration.ZERO);
                }
                final double mioPoll = (threads.getCurrentThreadCpuTime() - t) / (double) POLLS;
                t = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < POLLS; i++) {
                    final int n = (int) epollWait.invokeExact(errno, bareEpfd, bareEvents, 64, 0);
                    if (n < 0) {
                        throw new IllegalStateException("epoll_wait failed");
                    }
                }
                final double barePoll = (threads.getCurrentThreadCpuTime() - t) / (double) POLLS;
                System.out.printf("%s round %d: would-block read after a short read %.2f ns cpu; zero-timeout poll"
                        + " %.1f ns cpu, bare epoll_wait %.1f ns cpu, difference %.1f ns%n",
                        backend, r, read, mioPoll, barePoll, mioPoll - barePoll);
            }
            client.close();
            server.close();
            if ((int) close.invokeExact(bareEpfd) != 0) {
                throw new IllegalStateException("close of the bare epoll descriptor failed");
            }
        }
    }
}
