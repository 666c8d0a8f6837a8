package io.mio.bench;

import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The entry point of {@code benchmarks.jar}: JMH's command line, except that the {@code backend}
 * parameter defaults to every available backend plus the raw Selector reference, found at run time
 * (so a new backend on the class path is benchmarked without editing any annotation).
 *
 * <pre>
 * java -jar mio-bench/target/benchmarks.jar [JMH options] [benchmark regexps]
 * java -jar mio-bench/target/benchmarks.jar -p backend=epoll,nio PollBenchmark -prof gc
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(final String[] args) throws Exception {
        final List<String> list = Arrays.asList(args);
        if (list.contains("-h") || list.contains("-l") || list.contains("-lp") || list.contains("-lprof")
                || list.contains("-lrf")) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        final CommandLineOptions cli = new CommandLineOptions(args);
        final ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (!cli.getParameter("backend").hasValue()) {
            options.param("backend", Backends.withReference().toArray(String[]::new));
        }
        new Runner(options.build()).run();
    }
}
