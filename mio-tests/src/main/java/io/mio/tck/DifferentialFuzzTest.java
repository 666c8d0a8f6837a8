package io.mio.tck;

import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The differential fuzzer: seeded random programs ({@code DifferentialProgram}) of socket operations (TCP pairs,
 * connected and unconnected UDP, Unix stream pairs, pipes, Unix datagram pairs and bound Unix
 * datagram sockets; writes of 0 to 256 KiB from heap, direct and vectored buffers; reads to
 * would-block; peek; shutdown; close; reregister; deregister; polls with small capacities;
 * reopened channels that reuse descriptors; listeners with connects, accepts and clients closed
 * before their accept; connects to a closed port), each run on
 * the backend under test and on the peer backend ({@code io.mio.tck.peer}), whose traces of what a
 * user observes must be equal. Each run also checks the rules one backend must keep on its own
 * (see {@code DifferentialExecution}), that no descriptor leaks (Linux) and that no program hangs. When the
 * peer is the backend under test, only those single-backend checks run, and the report says so.
 *
 * <p>A failing program is shrunk to the shortest one that still fails, and the failure prints its
 * seed and the command that runs it alone. Properties: {@value #PROGRAMS} (how many programs,
 * default {@value #DEFAULT_PROGRAMS}), {@value #SEED} (the first program's seed; default random),
 * {@value #LENGTH} (operations per program, default {@value #DEFAULT_LENGTH}). Channel kinds and
 * operations that need a capability one of the two backends lacks are not generated.
 */
public class DifferentialFuzzTest extends TckBase {
    /** The system property with the number of programs. */
    public static final String PROGRAMS = "io.mio.tck.fuzz.programs";
    /** The system property with the first program's seed. */
    public static final String SEED = "io.mio.tck.fuzz.seed";
    /** The system property with the number of operations per program. */
    public static final String LENGTH = "io.mio.tck.fuzz.length";
    /** How many programs run unless {@value #PROGRAMS} says otherwise. */
    public static final int DEFAULT_PROGRAMS = 200;
    /** How many operations a program has unless {@value #LENGTH} says otherwise. */
    public static final int DEFAULT_LENGTH = 40;
    /** How long one program may run before it counts as hung. */
    private static final long HANG_SECONDS = 60;
    /** How long shrinking may take. */
    private static final long SHRINK_NANOS = TimeUnit.SECONDS.toNanos(90);
    /** Descriptors the JVM may open meanwhile on its own (class loading, JIT). */
    private static final int SLACK = 4;

    /** Steps run and steps skipped (as their outcome would depend on timing), for the report. */
    private long steps;
    private long skipped;
    /** The first connect to a closed port that connected all the same, and how many did. */
    private String connectedAnyway;
    private long connectedAnywayCount;

    /** Creates the test. */
    public DifferentialFuzzTest() {
    }

    @TckTest
    @Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void randomProgramsBehaveTheSameOnBothBackends(TestReporter reporter) throws Exception {
        int programs = Integer.getInteger(PROGRAMS, DEFAULT_PROGRAMS);
        int length = Integer.getInteger(LENGTH, DEFAULT_LENGTH);
        long first = Long.getLong(SEED, System.nanoTime() ^ System.identityHashCode(this));
        boolean compare = !peer.name().equals(provider.name());
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        capabilities.addAll(provider.capabilities());
        capabilities.retainAll(peer.capabilities());
        String mode = compare
                ? "comparing " + provider.name() + " with the peer " + peer.name()
                : "the peer is " + provider.name() + " itself: single-backend checks only, no comparison"
                        + " (set io.mio.tck.peer to compare)";
        reporter.publishEntry("fuzz", mode + "; " + programs + " programs of " + length + " operations from seed "
                + first);
        System.out.println("[" + provider.name() + "] differential fuzzer: " + mode + "; " + programs
                + " programs of " + length + " operations, first seed " + first);
        long start = System.nanoTime();
        ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "mio-tck-fuzz");
            thread.setDaemon(true); // a hung program must not keep the JVM alive
            return thread;
        });
        try {
            long descriptors = openDescriptors();
            for (int i = 0; i < programs; i++) {
                DifferentialProgram program = DifferentialProgram.generate(first + i, length, capabilities);
                String failure = check(runner, program, compare);
                if (failure != null) {
                    DifferentialProgram shortest = shrink(runner, program, compare);
                    String shortFailure = check(runner, shortest, compare);
                    throw new AssertionFailedError("[" + label() + "] the differential fuzzer failed on program " + i
                            + " (seed " + program.seed() + "; run it alone with -D" + SEED + "=" + program.seed()
                            + " -D" + PROGRAMS + "=1 -D" + LENGTH + "=" + length + "):\n" + failure
                            + "\n\nshrunk from " + program.ops().size() + " to " + shortest.ops().size()
                            + " operations:\n" + shortest + "\nwhich fails with:\n" + shortFailure);
                }
            }
            long leaked = openDescriptors() - descriptors;
            if (descriptors >= 0 && leaked > SLACK) {
                throw new AssertionFailedError("[" + label() + "] " + leaked + " descriptors more are open after "
                        + programs + " programs from seed " + first + " than before");
            }
        } finally {
            runner.shutdownNow();
        }
        String summary = programs + " programs of " + length + " operations passed in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (" + mode + "; " + steps
                + " steps on " + provider.name() + ", " + skipped + " of them skipped as timing-dependent"
                + (connectedAnyway == null ? "" : "; " + connectedAnywayCount
                        + " connects to a closed port connected, the first: " + connectedAnyway) + ")";
        reporter.publishEntry("fuzz", summary);
        System.out.println("[" + provider.name() + "] differential fuzzer: " + summary);
    }

    private String label() {
        return peer.name().equals(provider.name()) ? provider.name() : provider.name() + ", peer " + peer.name();
    }

    /**
     * Runs {@code program} on the backend (and on the peer when comparing) and compares.
     *
     * @return why it failed, or null
     */
    private String check(ExecutorService runner, DifferentialProgram program, boolean compare)
            throws InterruptedException {
        Result tested = execute(runner, provider, program);
        if (tested.failure != null) {
            return "[" + provider.name() + "] " + tested.failure;
        }
        for (String line : tested.trace) {
            steps++;
            if (line.contains("skipped")) {
                skipped++;
            }
            if (line.contains(DifferentialExecution.CONNECTED_ANYWAY)) {
                connectedAnywayCount++;
                connectedAnyway = connectedAnyway == null ? "seed " + program.seed() + " " + line : connectedAnyway;
            }
        }
        if (!compare) {
            return null;
        }
        Result reference = execute(runner, peer, program);
        if (reference.failure != null) {
            return "[" + peer.name() + ", the reference] " + reference.failure;
        }
        return diverge(tested.trace, reference.trace);
    }

    /** What one backend did with a program: its trace, or why it failed. */
    private record Result(List<String> trace, String failure) {
    }

    private static Result execute(ExecutorService runner, PollProvider backend, DifferentialProgram program)
            throws InterruptedException {
        DifferentialExecution[] running = new DifferentialExecution[1];
        long descriptors;
        try {
            descriptors = openDescriptors();
        } catch (IOException e) {
            return new Result(null, "cannot count descriptors: " + e);
        }
        Future<List<String>> run = runner.submit(() -> DifferentialExecution.run(backend, program, running));
        List<String> trace;
        try {
            trace = run.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            DifferentialExecution hung = running[0];
            return new Result(null, "hung for " + HANG_SECONDS + " s in operation #"
                    + (hung == null ? "?" : hung.current) + " (a call did not return)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Result(null, cause instanceof DifferentialExecution.Broken ? cause.getMessage()
                    : "threw " + cause);
        }
        try {
            long leaked = openDescriptors() - descriptors;
            if (descriptors >= 0 && leaked > SLACK) {
                return new Result(null, leaked + " descriptors left open after everything was closed");
            }
        } catch (IOException e) {
            return new Result(null, "cannot count descriptors: " + e);
        }
        return new Result(trace, null);
    }

    /** The first difference of two traces, with the lines before it, or null if equal. */
    private String diverge(List<String> tested, List<String> reference) {
        int n = Math.min(tested.size(), reference.size());
        for (int i = 0; i <= n; i++) {
            String a = i < tested.size() ? tested.get(i) : "(trace ends)";
            String b = i < reference.size() ? reference.get(i) : "(trace ends)";
            if (i == n && tested.size() == reference.size()) {
                return null;
            }
            if (!a.equals(b) && !a.contains(DifferentialExecution.CONNECTED_ANYWAY)
                    && !b.contains(DifferentialExecution.CONNECTED_ANYWAY)) {
                StringBuilder text = new StringBuilder("the backends diverge at step " + i + ":\n  "
                        + provider.name() + ": " + a + "\n  " + peer.name() + ": " + b + "\nafter:");
                for (int k = Math.max(0, i - 5); k < i; k++) {
                    text.append("\n  ").append(tested.get(k));
                }
                return text.toString();
            }
        }
        return null;
    }

    /**
     * Shrinks a failing program: drops ever smaller runs of operations (delta debugging) and halves
     * write sizes while it still fails, within {@link #SHRINK_NANOS}.
     */
    private DifferentialProgram shrink(ExecutorService runner, DifferentialProgram failing, boolean compare)
            throws InterruptedException {
        long deadline = System.nanoTime() + SHRINK_NANOS;
        DifferentialProgram best = failing;
        for (int chunk = Math.max(1, best.ops().size() / 2); chunk >= 1; chunk /= 2) {
            for (int at = 0; at < best.ops().size() && System.nanoTime() - deadline < 0; ) {
                List<DifferentialProgram.Op> fewer = new ArrayList<>(best.ops());
                fewer.subList(at, Math.min(at + chunk, fewer.size())).clear();
                DifferentialProgram candidate = best.withOps(fewer);
                if (check(runner, candidate, compare) != null) {
                    best = candidate; // same place again: the next run moved here
                } else {
                    at += chunk;
                }
            }
        }
        for (int i = 0; i < best.ops().size() && System.nanoTime() - deadline < 0; i++) {
            DifferentialProgram.Op op = best.ops().get(i);
            while (op.size() > 1
                    && (op.type() == DifferentialProgram.Type.WRITE || op.type() == DifferentialProgram.Type.SEND)) {
                List<DifferentialProgram.Op> smaller = new ArrayList<>(best.ops());
                DifferentialProgram.Op halved = op.withSize(op.size() / 2);
                smaller.set(i, halved);
                DifferentialProgram candidate = best.withOps(smaller);
                if (check(runner, candidate, compare) == null) {
                    break;
                }
                best = candidate;
                op = halved;
            }
        }
        return best;
    }

    /** @return the open descriptors of this process, or -1 where /proc/self/fd is missing (not Linux) */
    private static long openDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }
}
