package io.mio.iocp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native half of the shim's conformance: the program that passes every check under Wine
 * ({@code src/test/c/conformance.sh all} runs both halves) must pass every check against the Win32
 * shim for Linux. The build compiled both with gcc ({@code conformance.sh build}); without gcc this
 * test is skipped and says so.
 */
class ShimConformanceTest {
    private static final Pattern SUMMARY = Pattern.compile("afd_conformance: (\\d+) of (\\d+) checks passed");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void conformanceProgramPassesEveryCheckAgainstTheShim() throws IOException, InterruptedException {
        Path program = Path.of(System.getProperty("mio.iocp.c.dir", "target/c"), "native", "afd_conformance");
        assumeTrue(Files.isExecutable(program),
                program + " was not built: no gcc, or not Linux (see SKIPPED in the build log)");
        Process process = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        System.out.print(output);
        List<String> lines = output.lines().toList();
        String last = lines.isEmpty() ? "" : lines.getLast();
        Matcher summary = SUMMARY.matcher(last);
        assertTrue(summary.matches(), "no summary line; the output was:\n" + output);
        List<String> failed = lines.stream().filter(line -> line.startsWith("not ok")).toList();
        assertEquals(List.of(), failed, "checks failed against the shim");
        assertEquals(summary.group(2), summary.group(1), last);
        assertTrue(Integer.parseInt(summary.group(2)) > 0, last);
        assertEquals(0, status, "exit status; the output was:\n" + output);
    }
}
