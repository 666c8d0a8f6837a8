package io.mio.tck.containers;

import com.github.dockerjava.api.model.Ulimit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults a plain host cannot stage, each in its own container: a descriptor limit of 64, a
 * seccomp profile that denies epoll, and one that denies epoll and io_uring. (No IPv6 and 1 CPU / 256 MiB are TCK runs: see
 * {@link TckInContainersTest}.)
 */
@ExtendWith(Docker.Skip.class)
class FaultScenariosTest {
    static final List<String> BACKENDS = Settings.LINUX_BACKENDS;
    /** The backends the seccomp profile denies (the JDK's Selector is built on epoll on Linux). */
    static final List<String> EPOLL_BASED = List.of("selector", "epoll");

    /** Allows every call but the two that create an epoll instance, which fail with EPERM (errno 1). */
    static final String DENY_EPOLL = """
            {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["epoll_create1","epoll_create"],\
            "action":"SCMP_ACT_ERRNO","errnoRet":1}]}""";

    /**
     * Denies epoll as {@link #DENY_EPOLL} does and {@code io_uring_setup} too (Docker's own default
     * profile denies io_uring from Docker 25 on), so selection must fall through epoll and uring to poll.
     */
    static final String DENY_EPOLL_AND_URING = """
            {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["epoll_create1","epoll_create","io_uring_setup"],\
            "action":"SCMP_ACT_ERRNO","errnoRet":1}]}""";

    private static final List<String> SUMMARY = new ArrayList<>();

    /** Per test, not per class: each test then shows as skipped, with the reason, in the reports. */
    @BeforeEach
    void docker() {
        Docker.assumeAvailable();
    }

    @AfterAll
    static void printSummary() {
        if (!SUMMARY.isEmpty()) {
            System.out.println("\n[mio-tests-containers] fault scenarios, per backend:");
            SUMMARY.forEach(line -> System.out.println("  " + line));
        }
    }

    @ParameterizedTest(name = "{0}: accept fails at nofile=64, the server keeps running and accepts again")
    @FieldSource("BACKENDS")
    void acceptSurvivesTheDescriptorLimit(String backend) throws Exception {
        ContainerRun run = new ContainerRun("nofile64-" + backend)
                .jars(Settings.tckJars()).withPrograms()
                .hostConfig(hc -> hc.withUlimits(List.of(new Ulimit("nofile", 64L, 64L))))
                .timeout(Duration.ofMinutes(1));
        ContainerRun.Result result = run.command(List.of("java", "--enable-native-access=ALL-UNNAMED",
                "-cp", run.classPath() + ":" + ContainerRun.PROGRAMS,
                "io.mio.tck.containers.programs.NofileAcceptProgram", backend)).run();
        List<String> verdicts = result.linesStartingWith("NOFILE VERDICT");
        String verdict = verdicts.isEmpty() ? "(no verdict)" : verdicts.getFirst();
        record(backend, "nofile=64", verdict.replace("NOFILE VERDICT ", ""), result.elapsed());
        assertEquals(1, verdicts.size(), "one verdict line expected; output:\n" + ContainerRun.tail(result.logs(), 40));
        assertTrue(verdict.startsWith("NOFILE VERDICT PASS"), verdict + "\n" + ContainerRun.tail(result.logs(), 40));
        assertTrue(verdict.contains(" limit=64 "), "the limit did not apply: " + verdict);
        String error = verdict.toLowerCase(Locale.ROOT);
        assertTrue(error.contains("too many open files") || error.contains("emfile"),
                "accept failed for another reason than the descriptor limit: " + verdict);
        assertEquals(0, result.exitCode(), "exit code");
    }

    @Test
    void epollBackendsFailAtOnceNamingTheDeniedCallAndPollOpensWhenSeccompDeniesEpoll() throws Exception {
        ContainerRun run = new ContainerRun("seccomp-no-epoll")
                .jars(Settings.tckJars()).withPrograms()
                .hostConfig(hc -> hc.withSecurityOpts(List.of("seccomp=" + DENY_EPOLL)))
                .timeout(Duration.ofMinutes(1));
        List<String> command = new ArrayList<>(List.of("java", "--enable-native-access=ALL-UNNAMED",
                "-cp", run.classPath() + ":" + ContainerRun.PROGRAMS,
                "io.mio.tck.containers.programs.UnavailableBackendsProgram"));
        command.addAll(BACKENDS);
        ContainerRun.Result result = run.command(command).run();
        String output = result.logs();
        assertEquals(0, result.exitCode(), "the JVM must start and report under the profile:\n" + ContainerRun.tail(output, 40));

        List<String> problems = new ArrayList<>();
        for (String backend : EPOLL_BASED) {
            int problemsBefore = problems.size();
            String provider = line(output, "PROVIDER name=" + backend + " ");
            String open = line(output, "OPEN backend=" + backend + " ");
            if (provider == null || open == null) {
                problems.add(backend + ": not listed or not tried");
                continue;
            }
            if (!provider.contains("available=false") || !namesDeniedCall(provider)) {
                problems.add(backend + ": listing does not show the denied call as the cause: " + provider);
            }
            if (!open.contains(" error=") || !namesDeniedCall(open)) {
                problems.add(backend + ": Poll.open did not fail naming the denied call: " + open);
            }
            long millis = millis(open);
            if (millis > 2000) {
                problems.add(backend + ": Poll.open took " + millis + " ms to fail");
            }
            String shown = open.length() > 200 ? open.substring(0, 200) + "..." : open;
            record(backend, "seccomp", (problems.size() == problemsBefore ? "PASS " : "FAIL ") + shown, result.elapsed());
        }
        // poll(2) needs no epoll: it opens; Poll.open() falls back to uring (io_uring is allowed here), then poll
        String poll = line(output, "OPEN backend=poll ");
        if (poll == null || !poll.contains(" opened Poll[poll]")) {
            problems.add("poll: Poll.open(\"poll\") did not succeed: " + poll);
        }
        String fallback = line(output, "OPEN backend=(default) ");
        if (fallback == null || !fallback.contains(" opened Poll[uring]")) {
            problems.add("Poll.open() did not fall back to uring, the next by priority: " + fallback);
        }
        record("poll", "seccomp", (poll != null && fallback != null && poll.contains("opened") && fallback.contains("opened")
                ? "PASS " : "FAIL ") + fallback, result.elapsed());
        String listing = line(output, "LISTING ");
        for (String backend : EPOLL_BASED) {
            if (listing == null || !listing.contains(backend) || !namesDeniedCall(listing)) {
                problems.add("the provider listing does not show " + backend + "'s cause: " + listing);
            }
        }
        assertEquals(List.of(), problems, "under the seccomp profile; output:\n" + ContainerRun.tail(output, 40));
    }

    @Test
    void uringIsUnavailableNamingIoUringSetupAndSelectionFallsThroughWhenSeccompDeniesIt() throws Exception {
        ContainerRun run = new ContainerRun("seccomp-no-uring")
                .jars(Settings.tckJars()).withPrograms()
                .hostConfig(hc -> hc.withSecurityOpts(List.of("seccomp=" + DENY_EPOLL_AND_URING)))
                .timeout(Duration.ofMinutes(1));
        ContainerRun.Result result = run.command(List.of("java", "--enable-native-access=ALL-UNNAMED",
                "-cp", run.classPath() + ":" + ContainerRun.PROGRAMS,
                "io.mio.tck.containers.programs.UnavailableBackendsProgram", "uring", "poll")).run();
        String output = result.logs();
        assertEquals(0, result.exitCode(), "the JVM must start and report under the profile:\n" + ContainerRun.tail(output, 40));

        List<String> problems = new ArrayList<>();
        String provider = line(output, "PROVIDER name=uring ");
        if (provider == null || !provider.contains("available=false") || !provider.contains("io_uring_setup")
                || !provider.contains("EPERM")) {
            problems.add("uring: the listing does not show io_uring_setup's EPERM as the cause: " + provider);
        }
        String open = line(output, "OPEN backend=uring ");
        if (open == null || !open.contains(" error=") || !open.contains("io_uring_setup")) {
            problems.add("uring: Poll.open did not fail naming io_uring_setup: " + open);
        } else if (millis(open) > 2000) {
            problems.add("uring: Poll.open took " + millis(open) + " ms to fail");
        }
        String fallback = line(output, "OPEN backend=(default) ");
        if (fallback == null || !fallback.contains(" opened Poll[poll]")) {
            problems.add("Poll.open() did not fall through epoll and uring to poll: " + fallback);
        }
        record("uring", "seccomp", (problems.isEmpty() ? "PASS " : "FAIL ") + provider + " | " + fallback,
                result.elapsed());
        assertEquals(List.of(), problems, "under the seccomp profile; output:\n" + ContainerRun.tail(output, 40));
    }

    private static boolean namesDeniedCall(String line) {
        return line.contains("epoll_create");
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    private static long millis(String openLine) {
        Matcher m = Pattern.compile(" millis=(\\d+) ").matcher(openLine);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    private static void record(String backend, String scenario, String outcome, Duration elapsed) {
        String line = String.format("%-10s %-12s %s (%.1f s)", backend, scenario, outcome, elapsed.toMillis() / 1000.0);
        System.out.println("[mio-tests-containers] " + line);
        SUMMARY.add(line);
    }
}
