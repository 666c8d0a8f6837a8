package io.mio.tck.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One command run to completion in a fresh container of the base image, with no network but its
 * own loopback. Jars go to /work/lib, the fault programs' classes to /work/programs; whatever the
 * command writes under /reports is copied out before the container is removed.
 */
final class ContainerRun {
    static final String LIB = "/work/lib/";
    static final String PROGRAMS = "/work/programs";
    static final String REPORTS = "/reports";

    private final String name;
    private final List<String> command = new ArrayList<>();
    private final List<Path> jars = new ArrayList<>();
    private boolean withPrograms;
    private Consumer<HostConfig> hostConfig = hc -> { };
    private Duration timeout = Duration.ofMinutes(4);

    /** @param name names the run in logs and in target/tck-containers/NAME */
    ContainerRun(String name) {
        this.name = name;
    }

    ContainerRun command(List<String> arguments) {
        command.addAll(arguments);
        return this;
    }

    ContainerRun jars(List<Path> hostJars) {
        jars.addAll(hostJars);
        return this;
    }

    ContainerRun withPrograms() {
        withPrograms = true;
        return this;
    }

    /** Limits and faults: ulimits, sysctls, seccomp, CPU and memory. Network mode stays none. */
    ContainerRun hostConfig(Consumer<HostConfig> modifier) {
        hostConfig = hostConfig.andThen(modifier);
        return this;
    }

    ContainerRun timeout(Duration limit) {
        timeout = limit;
        return this;
    }

    /** @return the class path of the copied jars as seen inside the container */
    String classPath() {
        return String.join(":", jars.stream().map(jar -> LIB + jar.getFileName()).toList());
    }

    Result run() throws IOException, InterruptedException {
        Path out = Files.createDirectories(Settings.outDir().resolve(name));
        long start = System.nanoTime();
        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(Docker.baseImage()))) {
            container.withCommand(command.toArray(String[]::new))
                    // the command may exit before any "running" check would look: wait for exit below
                    .withStartupCheckStrategy(new NoStartupCheck())
                    .waitingFor(new NoWait())
                    .withCreateContainerCmdModifier(cmd -> {
                        HostConfig config = cmd.getHostConfig();
                        hostConfig.accept(config);
                        config.withNetworkMode("none");
                    });
            for (Path jar : jars) {
                container.withCopyFileToContainer(MountableFile.forHostPath(jar, 0644), LIB + jar.getFileName());
            }
            if (withPrograms) {
                container.withCopyFileToContainer(MountableFile.forHostPath(Settings.programClasses(), 0755), PROGRAMS);
            }
            container.start();
            DockerClient client = container.getDockerClient();
            Integer exitCode;
            try {
                exitCode = client.waitContainerCmd(container.getContainerId()).start()
                        .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException timedOut) {
                String logs = container.getLogs();
                Files.writeString(out.resolve("output.log"), logs, StandardCharsets.UTF_8);
                throw new AssertionError(name + ": no exit within " + timeout + "; output so far:\n" + tail(logs, 60), timedOut);
            }
            String logs = container.getLogs();
            Files.writeString(out.resolve("output.log"), logs, StandardCharsets.UTF_8);
            Path reports = Files.createDirectories(out.resolve("reports"));
            copyReports(client, container.getContainerId(), reports);
            return new Result(name, exitCode, logs, reports, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static void copyReports(DockerClient client, String containerId, Path target) throws IOException {
        try (InputStream archive = client.copyArchiveFromContainerCmd(containerId, REPORTS).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry;
            while ((entry = (TarArchiveEntry) tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                Path file = target.resolve(Path.of(entry.getName()).getFileName().toString());
                Files.copy(tar, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** What a run left: exit code, output (stdout and stderr) and the folder of copied reports. */
    record Result(String name, int exitCode, String logs, Path reports, Duration elapsed) {
        /** @return the lines of the output that start with {@code prefix} */
        List<String> linesStartingWith(String prefix) {
            return logs.lines().filter(line -> line.startsWith(prefix)).toList();
        }
    }

    private static final class NoStartupCheck extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }

    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
        }
    }
}
