package io.mio.tck.containers.programs;

import io.mio.Poll;
import io.mio.spi.PollProvider;

/**
 * Runs inside a container whose seccomp profile denies the system calls a backend needs: reports,
 * per backend, how long {@code Poll.open(name)} took and what it threw, the same for
 * {@code Poll.open()}, and the provider listing with each cause. One fact per line, for the
 * container test to assert on:
 * <pre>
 * PROVIDER name=selector available=false cause=...
 * OPEN backend=selector millis=3 error=java.io.IOException: ...
 * OPEN backend=(default) millis=1 error=...
 * </pre>
 * Usage: {@code UnavailableBackendsProgram BACKEND...}
 */
public final class UnavailableBackendsProgram {
    private UnavailableBackendsProgram() {
    }

    public static void main(String[] args) {
        for (PollProvider provider : PollProvider.providers()) {
            System.out.println("PROVIDER name=" + provider.name() + " available="
                    + provider.availability().available() + " cause=" + oneLine(provider.availability().cause()));
        }
        System.out.println("LISTING " + oneLine(PollProvider.describeProviders()));
        for (String backend : args) {
            open(backend);
        }
        open(null);
    }

    private static void open(String backend) {
        long start = System.nanoTime();
        String outcome;
        try (Poll poll = backend == null ? Poll.open() : Poll.open(backend)) {
            outcome = "opened " + poll;
        } catch (Throwable e) {
            outcome = "error=" + oneLine(chain(e));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("OPEN backend=" + (backend == null ? "(default)" : backend) + " millis=" + millis + " " + outcome);
    }

    /** The exception and its causes, so a cause that names the call is not lost. */
    private static String chain(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        return text.strip().replace('\n', '|');
    }
}
