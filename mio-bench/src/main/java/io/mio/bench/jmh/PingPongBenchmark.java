package io.mio.bench.jmh;

import io.mio.bench.Backends;
import java.io.IOException;
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
 * Latency: a 64-byte message to a loopback echo and back, one connection.
 *
 * @see Echo the loop: one thread, both ends registered with one poll
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class PingPongBenchmark {

    @Param({"selector", Backends.NIO})
    public String backend;

    private Echo echo;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        echo = Echo.open(backend, 1, 64);
    }

    @Benchmark
    public void pingPong64() throws IOException {
        echo.roundTrip();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        echo.close();
    }
}
