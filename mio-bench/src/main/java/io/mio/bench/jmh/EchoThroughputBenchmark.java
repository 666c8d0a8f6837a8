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
 * Throughput: 16 KiB written to a loopback echo and read back, one connection; ops/s times 16 KiB is the bytes echoed per second.
 *
 * @see Echo the loop: one thread, both ends registered with one poll
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class EchoThroughputBenchmark {

    @Param({"selector", Backends.NIO})
    public String backend;

    private Echo echo;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        echo = Echo.open(backend, 1, 16 * 1024);
    }

    @Benchmark
    public void echo16k() throws IOException {
        echo.roundTrip();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        echo.close();
    }
}
