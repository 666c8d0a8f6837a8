package io.mio.bench;

import io.mio.spi.PollProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends every benchmark runs on: each {@link PollProvider} found and available here, by
 * name, plus {@value #NIO}, the same operation written directly on a {@code java.nio} Selector.
 * Adding a backend to the benchmarks is adding its artifact to mio-bench's pom.
 *
 * <p>{@code main} prints the available mio backends, one per line (used by run.sh); unavailable
 * ones, with the reason, go to standard error.
 */
public final class Backends {

    /** The {@code backend} parameter value of the raw java.nio Selector reference. */
    public static final String NIO = "nio";

    private Backends() {
    }

    /** @return the names of the available mio backends, highest priority first */
    public static List<String> available() {
        final List<String> names = new ArrayList<>();
        for (PollProvider p : PollProvider.providers()) {
            if (p.availability().available()) {
                names.add(p.name());
            }
        }
        return names;
    }

    /** @return the available mio backends followed by {@value #NIO} */
    public static List<String> withReference() {
        final List<String> names = available();
        names.add(NIO);
        return names;
    }

    public static void main(final String[] args) {
        for (PollProvider p : PollProvider.providers()) {
            if (p.availability().available()) {
                System.out.println(p.name());
            } else {
                System.err.println("backend " + p.name() + " unavailable: " + p.availability().cause());
            }
        }
    }
}
