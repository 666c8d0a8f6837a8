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
 * The steady-state server loop of issue 3 (poll, dispatch, read, write) over 16 connections with a 64-byte message each per operation, with direct, heap or shared-arena buffers. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per operation, the target below 1 B/op for epoll.
 *
 * @see Echo the loop: one thread, both ends registered with one poll
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class EchoLoopBenchmark {

    @Param({"selector", Backends.NIO})
    public String backend;

    /** The loop's buffers: {@code direct}, {@code heap} or {@code arena} (a shared arena's, see {@link Echo#buffer}). */
    @Param({"direct", "heap", "arena"})
    public String buffers;

    private Echo echo;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // JMH counts the trial teardown in the last iteration: open and close a small echo once
        // first, so that iteration does not carry the one-time cost of a JVM's first close (about
        // 140 KB on epoll, the first shared-arena close), which is not steady-state allocation
        Echo.open(backend, 1, 64, buffers).close();
        echo = Echo.open(backend, 16, 64, buffers);
    }

    @Benchmark
    public void echoLoop() throws IOException {
        echo.roundTrip();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        echo.close();
    }
}
