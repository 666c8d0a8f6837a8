package io.mio.tck.containers;

import com.github.dockerjava.api.model.HostConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the whole TCK (package io.mio.tck of mio-tests) in a container, for one backend, with the
 * JUnit console launcher; the backend is the configuration parameter io.mio.tck.provider.
 */
final class Tck {
    /** Docker's --network none namespace has IPv6 off; this sysctl turns loopback IPv6 on. */
    static final Consumer<HostConfig> IPV6_ON = hc -> hc.withSysctls(Map.of("net.ipv6.conf.all.disable_ipv6", "0"));
    static final Consumer<HostConfig> IPV6_OFF = hc -> hc.withSysctls(Map.of("net.ipv6.conf.all.disable_ipv6", "1"));

    private Tck() {
    }

    /**
     * @param backend the provider name the named suites run against
     * @param extraJars jars beside ours, e.g. a third party's backend
     */
    static Result run(String scenario, String backend, List<Path> extraJars, Consumer<HostConfig> hostConfig)
            throws Exception {
        List<Path> jars = new ArrayList<>(Settings.tckJars());
        jars.addAll(extraJars);
        Path launcher = Settings.launcherJar();
        ContainerRun run = new ContainerRun(scenario + "-" + backend).jars(jars).hostConfig(hostConfig);
        run.jars(List.of(launcher));
        List<String> classPath = new ArrayList<>();
        for (Path jar : jars) {
            classPath.add(ContainerRun.LIB + jar.getFileName());
        }
        run.command(List.of(
                "java", "--enable-native-access=ALL-UNNAMED",
                "-jar", ContainerRun.LIB + launcher.getFileName(),
                "execute", "--disable-banner", "--details=tree", "--fail-if-no-tests",
                "--class-path", String.join(":", classPath),
                "--select-package", "io.mio.tck",
                "--config", "io.mio.tck.provider=" + backend,
                "--config", "io.mio.tck.peer=" + peerOf(backend),
                "--reports-dir", ContainerRun.REPORTS));
        ContainerRun.Result result = run.run();
        TckReport report;
        try {
            report = TckReport.read(result.reports());
        } catch (java.io.IOException noReport) {
            throw new AssertionError(scenario + "/" + backend + ": no report (exit " + result.exitCode()
                    + "); output:\n" + ContainerRun.tail(result.logs(), 60), noReport);
        }
        return new Result(scenario, backend, result, report);
    }

    /**
     * The backend of the other side in the TCK's cross-backend pairs: the next Linux backend, so
     * that with two or more every pair of ours meets once; with one, the backend itself.
     */
    static String peerOf(String backend) {
        List<String> all = Settings.LINUX_BACKENDS;
        int index = all.indexOf(backend);
        return index < 0 ? backend : all.get((index + 1) % all.size());
    }

    record Result(String scenario, String backend, ContainerRun.Result run, TckReport report) {
        String line() {
            String pair = peerOf(backend).equals(backend) ? backend : backend + "+" + peerOf(backend);
            return String.format("%-16s %-12s %s in %.1f s (exit %d)", pair, scenario, report.counts(),
                    run.elapsed().toMillis() / 1000.0, run.exitCode());
        }

        /** A readable list of what failed, with the first line of each message. */
        String failures() {
            StringBuilder text = new StringBuilder();
            for (TckReport.Case failed : report.with(TckReport.Outcome.FAILED)) {
                text.append("\n  FAILED ").append(failed.id()).append(": ")
                        .append(failed.detail().lines().findFirst().orElse(""));
            }
            return text.toString();
        }
    }
}
