package io.mio.tck.containers;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Docker engine and the locally built base image every container of these suites runs on. */
final class Docker {
    /** Fixed tag; the build script rebuilds it only when its recipe or the JDK changed. */
    static final String BASE_IMAGE = "mio-tck-base:25";

    private static Boolean available;
    private static String unavailableReason;
    private static boolean imageReady;

    private Docker() {
    }

    /**
     * The system property that makes a Docker engine mandatory: CI sets it ({@code .ci/run}), since
     * CI starts one, so a missing engine fails the build there instead of skipping these suites.
     */
    static final String REQUIRED = "mio.containers.required";

    /**
     * Skips the calling test, visibly, when no engine answers: a developer without Docker still
     * gets a green build, and the report says why these suites did not run. Where
     * {@value #REQUIRED} is true (CI), a missing engine fails the test instead.
     */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = DockerClientFactory.instance().isDockerAvailable();
            if (!available) {
                unavailableReason = "no Docker engine answers"
                        + " (start one: `sudo .ci/docker-up`, see mio-tests-containers/README.md)";
                System.out.println("[mio-tests-containers] " + (required() ? "FAILED" : "SKIPPED")
                        + " container suites: " + unavailableReason);
            }
        }
        if (!available && required()) {
            throw new IllegalStateException(REQUIRED + "=true, but " + unavailableReason);
        }
        Assumptions.assumeTrue(available, "SKIPPED container suites: " + unavailableReason);
    }

    /** @return whether a Docker engine is mandatory for this run */
    static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED, "false"));
    }

    /** Builds the base image once per test JVM (a no-op when it is up to date) and returns its tag. */
    static synchronized String baseImage() throws IOException, InterruptedException {
        if (imageReady) {
            return BASE_IMAGE;
        }
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("the tests must run on JDK 25+ (its jlink builds the image), not "
                    + Runtime.version());
        }
        Path script = Path.of(Settings.required("mio.tck.baseImageScript"));
        Path log = Settings.outDir().resolve("base-image.log");
        Process process = new ProcessBuilder("bash", script.toString(), System.getProperty("java.home"), BASE_IMAGE)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("building " + BASE_IMAGE + " took over 5 minutes; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException("building " + BASE_IMAGE + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        System.out.println("[mio-tests-containers] " + output.lines().reduce((a, b) -> b).orElse(""));
        imageReady = true;
        return BASE_IMAGE;
    }
}
