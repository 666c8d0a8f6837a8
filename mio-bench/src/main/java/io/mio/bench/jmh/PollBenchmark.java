package io.mio.bench.jmh;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.bench.Backends;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A poll with nothing ready and a zero timeout, with 1 and with 10,000 idle registered sockets: the
 * cost must follow the ready sources, not the registered ones.
 *
 * <p>The idle sockets are both ends of connected loopback pairs (5,000 pairs for 10,000), registered
 * for READABLE with nothing sent, so no descriptor is wasted: 10,000 registered sockets take 10,000
 * descriptors (the limit here is 20,000, and nothing is raised).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class PollBenchmark {

    /** A mio backend by name, or {@code nio} for the raw Selector; filled in by BenchMain. */
    @Param({"selector", Backends.NIO})
    public String backend;

    @Param({"1", "10000"})
    public int idle;

    private Poll poll;
    private Events events;
    private Selector selector;
    private final List<AutoCloseable> open = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (backend.equals(Backends.NIO)) {
            selector = Selector.open();
            open.add(selector);
            final ServerSocketChannel listener = Loopback.listen();
            open.add(listener);
            int registered = 0;
            while (registered < idle) {
                final SocketChannel[] pair = Loopback.connect(listener);
                open.add(pair[0]);
                open.add(pair[1]);
                for (SocketChannel c : pair) {
                    if (registered < idle) {
                        c.register(selector, SelectionKey.OP_READ);
                        registered++;
                    }
                }
            }
        } else {
            poll = Poll.open(backend);
            open.add(poll);
            events = Events.withCapacity(1024);
            final TcpListener listener = Loopback.listen(poll);
            open.add(listener);
            int registered = 0;
            while (registered < idle) {
                final TcpStream[] pair = Loopback.connect(poll, listener);
                open.add(pair[0]);
                open.add(pair[1]);
                for (TcpStream s : pair) {
                    if (registered < idle) {
                        poll.registry().register(s, new Token(registered), Interest.READABLE);
                        registered++;
                    }
                }
            }
            // the connects above may leave spurious events behind: drain them before measuring
            for (int i = 0; i < 10; i++) {
                poll.poll(events, Duration.ofMillis(10));
            }
        }
    }

    @Benchmark
    public int pollNothingReady() throws IOException {
        if (selector != null) {
            return selector.selectNow();
        }
        poll.poll(events, Duration.ZERO);
        return events.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // sockets first, then the listener and the poll (added first)
        for (int i = open.size() - 1; i >= 0; i--) {
            Loopback.closeAll(open.get(i));
        }
        open.clear();
    }
}
