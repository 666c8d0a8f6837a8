package io.mio.tck.containers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's own parts: report counting, and the never-pull policy. */
class RunnerTest {

    @Test
    void reportCountsSkippedAndFailedCasesApart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("TEST-junit-jupiter.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="JUnit Jupiter" tests="4" skipped="1" failures="1" errors="1">
                  <testcase name="a()" classname="io.mio.tck.T"/>
                  <testcase name="b()" classname="io.mio.tck.T">
                    <skipped><![CDATA[org.opentest4j.TestAbortedException: this host has no IPv6 loopback address ::1]]></skipped>
                  </testcase>
                  <testcase name="c()" classname="io.mio.tck.T"><failure message="expected 1"/></testcase>
                  <testcase name="d()" classname="io.mio.tck.T"><error message="boom"/></testcase>
                </testsuite>
                """);
        Files.writeString(dir.resolve("TEST-junit-vintage.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="JUnit Vintage" tests="0"/>
                """);
        TckReport report = TckReport.read(dir);
        assertEquals("ran 3, passed 1, skipped 1, failed 2", report.counts());
        assertTrue(report.with(TckReport.Outcome.SKIPPED).getFirst().detail().contains("IPv6"));
        assertEquals("io.mio.tck.T.c()", report.with(TckReport.Outcome.FAILED).getFirst().id());
    }

    @Test
    void missingReportIsAnError(@TempDir Path dir) {
        assertThrows(java.io.IOException.class, () -> TckReport.read(dir));
    }

    /** testcontainers.properties names NeverPull: no registry is reachable, so never wait for one. */
    @Test
    @ExtendWith(Docker.Skip.class)
    void missingImageFailsAtOnceInsteadOfPulling() {
        Docker.assumeAvailable();
        long start = System.nanoTime();
        try (GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("mio-no-such-image:0"))) {
            assertThrows(RuntimeException.class, container::start);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
    }
}
