package io.mio.bench.memory;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.bench.http.Listeners;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Memory per idle registered TCP connection, one stack per process:
 *
 * <pre>
 * java -XX:NativeMemoryTracking=summary -XX:+AlwaysPreTouch -cp benchmarks.jar \
 *     io.mio.bench.memory.IdleConnections STACK CONNECTIONS
 *   STACK: mio-NAME (a backend), nio (the raw Selector), netty-epoll
 * </pre>
 *
 * <p>The server side accepts connections from a child process ({@code IdleConnections client}) that
 * opens them and holds them, so only the server's accepted, registered-for-READABLE sockets are in the
 * figures. It first takes {@link #WARM_UP} connections (classes loaded, code compiled, tables grown),
 * measures, takes CONNECTIONS more, measures again and prints one line
 * {@code MEMORY stack connections heap_bytes rss_bytes nmt_native_bytes}: the differences of heap
 * used after a full GC, of the process's resident set ({@code VmRSS}; the heap is pre-touched, so
 * heap growth is not in it) and of the committed native memory NMT sees outside the Java heap.
 * Netty's own native allocations are in RSS but not in NMT.
 */
public final class IdleConnections {

    /** Connections taken before the first measurement (run.sh sizes the descriptor limit with it). */
    public static final int WARM_UP = 1000;

    /** One stack holding registered idle connections. */
    interface Holder extends AutoCloseable {
        int port() throws IOException;

        /** Accepts and registers connections until {@code total} are held. */
        void acceptUntil(int total) throws IOException;

        @Override
        void close() throws IOException;
    }

    private IdleConnections() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("client")) {
            client(Integer.parseInt(args[1]));
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: IdleConnections STACK CONNECTIONS");
            System.exit(2);
        }
        final String stack = args[0];
        final int connections = Integer.parseInt(args[1]);
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        try (Holder holder = open(stack, address)) {
            final Process client = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "-cp", System.getProperty("java.class.path"), IdleConnections.class.getName(), "client",
                    Integer.toString(holder.port()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream toClient = client.getOutputStream()) {
                ask(toClient, WARM_UP);
                holder.acceptUntil(WARM_UP);
                final long[] before = measure();
                ask(toClient, connections);
                holder.acceptUntil(WARM_UP + connections);
                final long[] after = measure();
                System.out.printf("MEMORY %s %d %d %d %d%n", stack, connections,
                        after[0] - before[0], after[1] - before[1], after[2] - before[2]);
            } finally {
                client.destroy();
                client.waitFor();
            }
        }
        System.exit(0); // Netty's event loop is non-daemon
    }

    private static void ask(final OutputStream toClient, final int n) throws IOException {
        toClient.write((n + "\n").getBytes(StandardCharsets.US_ASCII));
        toClient.flush();
    }

    static Holder open(final String stack, final InetSocketAddress address) throws IOException {
        if (stack.startsWith("mio-")) {
            return new MioHolder(address, stack.substring(4));
        }
        return switch (stack) {
            case "nio" -> new NioHolder(address);
            case "netty-epoll" -> new NettyHolder(address);
            default -> throw new IllegalArgumentException("unknown stack " + stack
                    + " (known: mio-<backend>, nio, netty-epoll)");
        };
    }

    /** Heap used after a full GC, VmRSS, NMT committed outside the Java heap: bytes. */
    static long[] measure() throws Exception {
        System.gc();
        System.gc();
        final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        long nmt = -1;
        final String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary", "scale=b"}}, new String[] {String[].class.getName()});
        final Matcher total = Pattern.compile("Total: reserved=\\d+, committed=(\\d+)").matcher(summary);
        final Matcher javaHeap = Pattern.compile("Java Heap \\(reserved=\\d+, committed=(\\d+)").matcher(summary);
        if (total.find() && javaHeap.find()) {
            nmt = Long.parseLong(total.group(1)) - Long.parseLong(javaHeap.group(1));
        }
        return new long[] {heap, rss, nmt};
    }

    /** The client process: for each number read from stdin, opens that many more connections. */
    private static void client(final int port) throws IOException {
        final List<SocketChannel> held = new ArrayList<>();
        final InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            for (int i = Integer.parseInt(line.trim()); i > 0; i--) {
                held.add(SocketChannel.open(server));
            }
        }
        for (SocketChannel c : held) {
            c.close();
        }
    }

    private static final class MioHolder implements Holder {
        private final Poll poll;
        private final TcpListener listener;
        private final Events events = Events.withCapacity(1024);
        private final List<TcpStream> streams = new ArrayList<>();

        MioHolder(final InetSocketAddress address, final String backend) throws IOException {
            poll = Poll.open(backend);
            listener = TcpListener.bind(address, poll.provider(), Listeners.BACKLOG, false);
            poll.registry().register(listener, new Token(Long.MAX_VALUE), Interest.READABLE);
        }

        @Override
        public int port() throws IOException {
            return listener.localAddress().getPort();
        }

        @Override
        public void acceptUntil(final int total) throws IOException {
            while (streams.size() < total) {
                poll.poll(events, Duration.ofMillis(100));
                TcpStream stream;
                while ((stream = listener.accept()) != null) {
                    poll.registry().register(stream, new Token(streams.size()), Interest.READABLE);
                    streams.add(stream);
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (TcpStream s : streams) {
                s.close();
            }
            listener.close();
            poll.close();
        }
    }

    private static final class NioHolder implements Holder {
        private final Selector selector = Selector.open();
        private final ServerSocketChannel listener;
        private int held;

        NioHolder(final InetSocketAddress address) throws IOException {
            listener = Listeners.nio(selector, address);
        }

        @Override
        public int port() {
            return listener.socket().getLocalPort();
        }

        @Override
        public void acceptUntil(final int total) throws IOException {
            while (held < total) {
                selector.select(100);
                selector.selectedKeys().clear();
                SocketChannel channel;
                while ((channel = listener.accept()) != null) {
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ);
                    held++;
                }
            }
            selector.selectNow(); // the Selector adds new keys to epoll on its next select
        }

        @Override
        public void close() throws IOException {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }

    private static final class NettyHolder implements Holder {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        private final AtomicInteger active = new AtomicInteger();
        private final Channel server;

        NettyHolder(final InetSocketAddress address) throws IOException {
            Epoll.ensureAvailability();
            final ChannelInboundHandlerAdapter counter = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(final ChannelHandlerContext ctx) {
                    active.incrementAndGet();
                }

                @Override
                public boolean isSharable() {
                    return true;
                }
            };
            server = Listeners.bind(Listeners.nettyEpoll(group).childHandler(counter), address);
        }

        @Override
        public int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }

        @Override
        public void acceptUntil(final int total) {
            // a bounded poll of a counter the event loop advances; Netty registers before channelActive
            final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (active.get() < total && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            if (active.get() < total) {
                throw new IllegalStateException("only " + active.get() + " of " + total + " connections active");
            }
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
