package io.mio.tck.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the build put what the containers need; Surefire passes these paths (see the pom). */
final class Settings {
    /**
     * The Linux backends every container suite runs against. Adding a backend: its name here and
     * its artifact as a runtime dependency in the pom (which puts its jar into target/tck-libs).
     */
    static final List<String> LINUX_BACKENDS = List.of("selector", "epoll", "poll");

    private Settings() {
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set; run these tests through Maven (see mio-tests-containers/README.md)");
        }
        return value;
    }

    /** The jars of the TCK class path: mio-api, mio-tests, the backends, their runtime deps. */
    static List<Path> tckJars() {
        Path dir = Path.of(required("mio.tck.libs"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + dir);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static Path launcherJar() {
        return existing(Path.of(required("mio.tck.launcher")));
    }

    /** This module's compiled test classes: the fault programs run from there. */
    static Path programClasses() {
        return existing(Path.of(required("mio.tck.programs")));
    }

    /** target/tck-containers: logs and XML reports of every container run, kept for reading. */
    static Path outDir() {
        Path dir = Path.of(System.getProperty("mio.tck.out", "target/tck-containers"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist; build with Maven first");
        }
        return path;
    }
}
