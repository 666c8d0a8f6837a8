package io.mio.tck.containers;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
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
     * Fails the calling test where {@value #REQUIRED} is true (CI) and no engine answers. Without it,
     * {@link Skip} has already skipped the test before it started: a developer without Docker still
     * gets a green build, and the report's skip message says why these suites did not run.
     */
    static synchronized void assumeAvailable() {
        String unavailable = unavailable();
        if (unavailable != null && required()) {
            throw new IllegalStateException(REQUIRED + "=true, but " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, "SKIPPED container suites: " + unavailable);
    }

    /** {@return why no Docker engine can be used, or null if one answers}; asked once per JVM */
    private static synchronized String unavailable() {
        if (available == null) {
            available = DockerClientFactory.instance().isDockerAvailable();
            if (!available) {
                unavailableReason = "no Docker engine answers"
                        + " (start one: `sudo .ci/docker-up`, see mio-tests-containers/README.md)";
                System.out.println("[mio-tests-containers] " + (required() ? "FAILED" : "SKIPPED")
                        + " container suites: " + unavailableReason);
            }
        }
        return available ? null : unavailableReason;
    }

    /**
     * Skips each test of a suite before it starts when no engine answers and none is required, so
     * the reason is the report's skip message (an assumption failing inside a test or a
     * {@code @BeforeEach} leaves it only in the stack trace).
     */
    static final class Skip implements ExecutionCondition {
        /** Created by JUnit through {@code @ExtendWith}. */
        Skip() {
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean template = context.getTestMethod().map(m -> m.isAnnotationPresent(ParameterizedTest.class)).orElse(true);
            if (template && !context.getUniqueId().contains("[test-template-invocation:")) {
                // a class or a parameterized method: decided per case, so each one shows as skipped
                return ConditionEvaluationResult.enabled("decided per test, so each shows as skipped");
            }
            String unavailable = unavailable();
            return unavailable != null && !required()
                    ? ConditionEvaluationResult.disabled("SKIPPED container suites: " + unavailable)
                    : ConditionEvaluationResult.enabled(unavailable == null ? "a Docker engine answers"
                            : REQUIRED + "=true: the test fails instead");
        }
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
