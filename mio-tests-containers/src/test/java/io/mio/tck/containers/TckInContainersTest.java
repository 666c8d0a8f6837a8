package io.mio.tck.containers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole TCK in Linux containers (--network none), once per Linux backend and scenario:
 * IPv6 on (the main run), IPv6 off (its cases skipped with the reason), 1 CPU with 256 MiB.
 * Scenarios run in that order, one container at a time.
 */
@ExtendWith(Docker.Skip.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TckInContainersTest {
    private static final Map<String, Tck.Result> MAIN_RUNS = new LinkedHashMap<>();
    private static final List<String> SUMMARY = new ArrayList<>();

    static final List<String> BACKENDS = Settings.LINUX_BACKENDS;

    /** Per test, not per class: each test then shows as skipped, with the reason, in the reports. */
    @BeforeEach
    void docker() {
        Docker.assumeAvailable();
    }

    @AfterAll
    static void printSummary() {
        if (!SUMMARY.isEmpty()) {
            System.out.println("\n[mio-tests-containers] TCK in containers, per backend and scenario:");
            SUMMARY.forEach(line -> System.out.println("  " + line));
        }
    }

    @Order(1)
    @ParameterizedTest(name = "whole TCK passes on {0} with IPv6 on")
    @FieldSource("BACKENDS")
    void wholeTckPassesWithIpv6On(String backend) throws Exception {
        Tck.Result result = record(Tck.run("ipv6-on", backend, List.of(), Tck.IPV6_ON));
        assertPassed(result);
        MAIN_RUNS.put(backend, result);
    }

    @Order(2)
    @ParameterizedTest(name = "IPv6 cases skipped with the reason on {0} with IPv6 off")
    @FieldSource("BACKENDS")
    void ipv6CasesSkippedWithReasonWhenIpv6Off(String backend) throws Exception {
        Tck.Result result = record(Tck.run("ipv6-off", backend, List.of(), Tck.IPV6_OFF));
        assertPassed(result);
        List<TckReport.Case> skipped = result.report().with(TckReport.Outcome.SKIPPED);
        Tck.Result main = MAIN_RUNS.get(backend);
        List<TckReport.Case> skippedForIpv6;
        if (main == null) {
            // run alone (e.g. -Dtest=...#ipv6...): judge by the reason only
            skippedForIpv6 = skipped.stream().filter(c -> c.detail().contains("IPv6")).toList();
        } else {
            // what is skipped here but ran with IPv6 on must be skipped for IPv6, and it passed there
            // (the main run had no failure); cases skipped in both are skipped for other reasons
            Set<String> skippedWithIpv6 = main.report().with(TckReport.Outcome.SKIPPED).stream()
                    .map(TckReport.Case::id).collect(Collectors.toSet());
            skippedForIpv6 = skipped.stream().filter(c -> !skippedWithIpv6.contains(c.id())).toList();
            List<String> otherReasons = skippedForIpv6.stream().filter(c -> !c.detail().contains("IPv6"))
                    .map(c -> c.id() + ": " + c.detail().lines().findFirst().orElse("")).toList();
            assertEquals(List.of(), otherReasons, "skipped only with IPv6 off, for a reason not naming IPv6");
            assertEquals(main.report().cases().size(), result.report().cases().size(), "same suite, same test count");
        }
        assertTrue(!skippedForIpv6.isEmpty(), "with IPv6 off no test was skipped for IPv6");
        System.out.println("[mio-tests-containers] " + backend + " ipv6-off: " + skippedForIpv6.size()
                + " cases skipped for IPv6, e.g. " + skippedForIpv6.getFirst().id() + ": "
                + skippedForIpv6.getFirst().detail().lines().findFirst().orElse(""));
    }

    @Order(3)
    @ParameterizedTest(name = "whole TCK passes on {0} with 1 CPU and 256 MiB")
    @FieldSource("BACKENDS")
    void wholeTckPassesWithOneCpuAnd256MiB(String backend) throws Exception {
        long memory = 256L * 1024 * 1024;
        Tck.Result result = record(Tck.run("1cpu-256mib", backend, List.of(), Tck.IPV6_ON.andThen(
                hc -> hc.withNanoCPUs(1_000_000_000L).withMemory(memory).withMemorySwap(memory))));
        assertPassed(result);
        Tck.Result main = MAIN_RUNS.get(backend);
        if (main != null) {
            assertEquals(main.report().ran(), result.report().ran(), "the same tests ran as in the main run");
        }
    }

    /**
     * A third party's backend: {@code -Dmio.tck.jar=PATH[:PATH...] -Dmio.tck.backend=NAME}. Its jars
     * join ours on the class path; the suite runs against NAME with IPv6 on.
     */
    @Order(4)
    @Test
    @EnabledIfSystemProperty(named = "mio.tck.jar", matches = ".+")
    void wholeTckPassesOnThirdPartyBackend() throws Exception {
        String backend = Settings.required("mio.tck.backend");
        List<Path> jars = Arrays.stream(Settings.required("mio.tck.jar").split(java.io.File.pathSeparator))
                .map(Path::of).map(Path::toAbsolutePath).toList();
        for (Path jar : jars) {
            assertTrue(jar.toFile().isFile(), "not a file: " + jar);
        }
        assertPassed(record(Tck.run("third-party", backend, jars, Tck.IPV6_ON)));
    }

    private static Tck.Result record(Tck.Result result) {
        System.out.println("[mio-tests-containers] " + result.line());
        SUMMARY.add(result.line());
        return result;
    }

    private static void assertPassed(Tck.Result result) {
        if (result.report().failed() > 0 || result.run().exitCode() != 0) {
            fail(result.backend() + "/" + result.scenario() + ": " + result.report().counts() + ", exit "
                    + result.run().exitCode() + result.failures() + "\n  output: target/tck-containers/"
                    + result.run().name() + "/output.log\n" + ContainerRun.tail(result.run().logs(), 30));
        }
        assertTrue(result.report().ran() > 0, "nothing ran: " + result.report().counts());
        List<String> unexplained = result.report().with(TckReport.Outcome.SKIPPED).stream()
                .filter(c -> !allowedSkip(c.detail(), result.scenario()))
                .map(c -> c.id() + ": " + c.detail().lines().findFirst().orElse("")).toList();
        assertEquals(List.of(), unexplained, result.backend() + "/" + result.scenario()
                + ": skips must be a capability the backend leaves out or a fact of the scenario");
    }

    /**
     * The skips a run may have: a capability the backend leaves out (or has, for the cases that
     * check a refusal), and IPv6 only where the scenario turns it off. Anything else (a backend
     * failure turned into a skip, a peer that was not set) fails the run.
     */
    static boolean allowedSkip(String reason, String scenario) {
        if (reason.matches("(?s)backend '[^']+' (lacks|has) capability [A-Z0-9_]+.*")) {
            return true;
        }
        return scenario.equals("ipv6-off") && reason.contains("IPv6");
    }
}
