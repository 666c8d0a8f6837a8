package io.mio.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the throwaway consumer project (src/it/consumer, copied to target/consumer) with a separate
 * Maven whose local repository holds only what this build installed there, and checks that the TCK
 * class its Surefire execution names ran and passed; the READMEs must show the same snippet the
 * consumer uses.
 */
class ConsumerProjectTest {
    private static final Path TEMPLATE = Path.of(System.getProperty("consumer.template"));
    private static final Path CONSUMER = Path.of(System.getProperty("consumer.directory"));
    private static final Path REPOSITORY = Path.of(System.getProperty("consumer.repository"));
    private static final String VERSION = System.getProperty("mio.version");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void consumerRunsTheTckThroughTheInstalledArtifacts() throws Exception {
        for (String artifact : List.of("mio-api", "mio-posix", "mio-selector", "mio-epoll", "mio-tests")) {
            Path jar = REPOSITORY.resolve("io/mio/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION + ".jar");
            assertTrue(Files.isRegularFile(jar), "installed in the temporary repository: " + jar);
        }
        String pom = Files.readString(TEMPLATE.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>mio-bom</artifactId><version>" + VERSION + "</version>"),
                "the consumer (and so the README) imports the BOM of this version, " + VERSION);

        deleteRecursively(CONSUMER);
        copyRecursively(TEMPLATE, CONSUMER);
        Files.createDirectories(CONSUMER.resolve(".mvn")); // the consumer is its own root, not part of mio's build
        Path settings = CONSUMER.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <!-- third-party artifacts from mio's build repository; io.mio ones are in the local repository -->
                  <mirrors>
                    <mirror>
                      <id>mio-build-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("main.repository")).toUri()));

        boolean windows = System.getProperty("os.name").startsWith("Windows");
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", windows ? "mvn.cmd" : "mvn");
        List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp",
                "-s", settings.toString(), "-Dmaven.repo.local=" + REPOSITORY, "-f", CONSUMER.resolve("pom.xml").toString(),
                "test"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(CONSUMER.resolve("build.log").toFile());
        // the consumer's Maven runs on this JDK (25), as a user's would; no toolchain involved
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().remove("MAVEN_OPTS");
        Process maven = builder.start();
        boolean ended = maven.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            maven.destroyForcibly();
        }
        String log = Files.readString(CONSUMER.resolve("build.log"));
        assertTrue(ended && maven.exitValue() == 0, "the consumer's build succeeds: " + command + "\n" + tail(log));

        Path report = CONSUMER.resolve("target/surefire-reports/TEST-io.mio.tck.PollTest-mybackend.xml");
        assertTrue(Files.isRegularFile(report), "Surefire ran the TCK class from the mio-tests jar:\n" + tail(log));
        String xml = Files.readString(report);
        int tests = attribute(xml, "tests");
        int skipped = attribute(xml, "skipped");
        assertEquals(0, attribute(xml, "failures") + attribute(xml, "errors"), "TCK failures:\n" + tail(log));
        assertTrue(tests - skipped > 10, "the TCK class ran its cases (tests " + tests + ", skipped " + skipped + ")");
    }

    @Test
    void readmesShowTheSnippetTheConsumerBuilds() throws IOException {
        List<String> snippet = Files.readAllLines(TEMPLATE.resolve("pom.xml")).stream()
                .map(String::strip)
                .filter(line -> line.contains("<artifactId>mio-tests</artifactId>")
                        || line.contains("<artifactId>junit-jupiter</artifactId>")
                        || line.contains("<dependenciesToScan>")
                        || line.contains("<artifactId>junit-bom</artifactId>")
                        || line.contains("<artifactId>maven-surefire-plugin</artifactId>"))
                .toList();
        assertEquals(5, snippet.size(), "the lines the READMEs must show: " + snippet);
        for (String readme : List.of("readme", "tck.readme")) {
            Path file = Path.of(System.getProperty(readme));
            List<String> lines = Files.readAllLines(file).stream().map(String::strip).toList();
            for (String line : snippet) {
                assertTrue(lines.contains(line), file + " shows, as a line of its own: " + line);
            }
        }
    }

    private static int attribute(String xml, String name) {
        Matcher matcher = Pattern.compile("<testsuite [^>]*\\b" + name + "=\"(\\d+)\"").matcher(xml);
        assertTrue(matcher.find(), "attribute " + name + " in the Surefire report");
        return Integer.parseInt(matcher.group(1));
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
