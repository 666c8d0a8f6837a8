package io.mio.bench.jmh;

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
 * Register a connected socket for READABLE, then deregister it. On the raw Selector the pair is
 * {@code register}, {@code cancel} and the {@code selectNow} that a cancelled key needs before the
 * channel can be registered again.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class RegisterBenchmark {

    private static final Token TOKEN = new Token(1);

    @Param({"selector", Backends.NIO})
    public String backend;

    private Poll poll;
    private TcpListener listener;
    private TcpStream[] pair;
    private Selector selector;
    private ServerSocketChannel nioListener;
    private SocketChannel[] nioPair;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (backend.equals(Backends.NIO)) {
            selector = Selector.open();
            nioListener = Loopback.listen();
            nioPair = Loopback.connect(nioListener);
        } else {
            poll = Poll.open(backend);
            listener = Loopback.listen(poll);
            pair = Loopback.connect(poll, listener);
        }
    }

    @Benchmark
    public void registerDeregister() throws IOException {
        if (selector != null) {
            final SelectionKey key = nioPair[1].register(selector, SelectionKey.OP_READ);
            key.cancel();
            selector.selectNow();
            return;
        }
        poll.registry().register(pair[1], TOKEN, Interest.READABLE);
        poll.registry().deregister(pair[1]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pair != null) {
            Loopback.closeAll(pair[0], pair[1], listener, poll);
        }
        if (nioPair != null) {
            Loopback.closeAll(nioPair[0], nioPair[1], nioListener, selector);
        }
    }
}
