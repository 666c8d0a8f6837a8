package io.mio.bench.jmh;

import io.mio.Events;
import io.mio.Poll;
import io.mio.Token;
import io.mio.Waker;
import io.mio.bench.Backends;
import java.io.IOException;
import java.nio.channels.Selector;
import java.time.Duration;
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
 * A {@link Waker} round trip across two threads, each blocked in its own poll: the benchmark thread
 * wakes the echo thread's poll and waits in its own; the echo thread, woken, wakes it back. One
 * operation is two wake-to-event hops. On the raw Selector: {@code wakeup()} and {@code select()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class WakerBenchmark {

    private static final Token WAKE = new Token(7);
    /** Bounds every blocking poll, so nothing can hang if a wake were lost. */
    private static final Duration BOUND = Duration.ofSeconds(1);

    @Param({"selector", Backends.NIO})
    public String backend;

    private Poll mine;
    private Poll theirs;
    private Waker wakeMine;
    private Waker wakeTheirs;
    private Events events;
    private Selector mySelector;
    private Selector theirSelector;
    private Thread echo;
    private volatile boolean stop;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (backend.equals(Backends.NIO)) {
            mySelector = Selector.open();
            theirSelector = Selector.open();
            echo = new Thread(this::nioEcho, "waker-echo");
        } else {
            mine = Poll.open(backend);
            theirs = Poll.open(backend);
            wakeMine = Waker.open(mine.registry(), WAKE);
            wakeTheirs = Waker.open(theirs.registry(), WAKE);
            events = Events.withCapacity(8);
            echo = new Thread(this::mioEcho, "waker-echo");
        }
        echo.setDaemon(true);
        echo.start();
    }

    private void mioEcho() {
        final Events theirEvents = Events.withCapacity(8);
        try {
            while (!stop) {
                theirs.poll(theirEvents, BOUND);
                if (!theirEvents.isEmpty() && !stop) {
                    wakeMine.wake();
                }
            }
        } catch (IOException e) {
            if (!stop) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void nioEcho() {
        try {
            while (!stop) {
                theirSelector.select(BOUND.toMillis());
                if (!stop) {
                    mySelector.wakeup();
                }
            }
        } catch (IOException e) {
            if (!stop) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Benchmark
    public int wakeRoundTrip() throws IOException {
        if (mySelector != null) {
            theirSelector.wakeup();
            return mySelector.select(BOUND.toMillis());
        }
        wakeTheirs.wake();
        do {
            mine.poll(events, BOUND);
        } while (events.isEmpty());
        return events.size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stop = true;
        if (wakeTheirs != null) {
            wakeTheirs.wake();
        }
        if (theirSelector != null) {
            theirSelector.wakeup();
        }
        echo.join(5000);
        Loopback.closeAll(wakeMine, wakeTheirs, mine, theirs, mySelector, theirSelector);
    }
}
