package io.mio.epoll;

import io.mio.Poll;
import io.mio.posix.PosixProvider;
import io.mio.selector.SelectorPollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native access stays behind the JDK's gate, checked in child JVMs (the test JVM itself was granted
 * native access): on the module path a module that was not granted it cannot reach
 * {@code io.mio.posix}, while epoll works with the grant of {@code io.mio.posix} alone; and where
 * native access is denied, {@code Poll.open()} falls back to the selector, says so once in the log,
 * and {@code describeProviders()} names the flag to add.
 */
@Timeout(120)
class NativeAccessTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String JAVAC = Path.of(System.getProperty("java.home"), "bin", "javac").toString();

    /** The program of the app module: opens the default poll, echoes over a Unix pair, tries to reach io.mio.posix. */
    private static final String APP_MAIN = """
            package app;

            import io.mio.Poll;
            import io.mio.net.UnixStream;
            import io.mio.spi.PollProvider;
            import java.nio.ByteBuffer;

            public class Main {
                public static void main(String[] args) throws Exception {
                    for (int i = 0; i < 2; i++) {
                        try (Poll poll = Poll.open()) {
                            System.out.println("backend=" + poll.provider().name());
                        }
                    }
                    UnixStream[] pair = UnixStream.pair(PollProvider.systemDefault());
                    pair[0].write(ByteBuffer.wrap(new byte[] {7}));
                    ByteBuffer in = ByteBuffer.allocate(1);
                    for (int i = 0; i < 1_000_000 && in.hasRemaining(); i++) {
                        pair[1].read(in);
                    }
                    System.out.println("echo=" + in.get(0));
                    pair[0].close();
                    pair[1].close();
                    try {
                        Class<?> downcalls = Class.forName("io.mio.posix.Downcalls");
                        downcalls.getMethod("callState").invoke(null);
                        System.out.println("posix=reached");
                    } catch (IllegalAccessException e) {
                        System.out.println("posix=blocked " + e.getMessage());
                    }
                    System.out.println("providers=" + PollProvider.describeProviders().replace('\\n', '|'));
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aModuleNotGrantedNativeAccessCannotCompileAgainstIoMioPosix() throws Exception {
        Path src = dir.resolve("intruder-src");
        write(src.resolve("module-info.java"), "module intruder { requires io.mio.posix; }");
        write(src.resolve("intruder/Main.java"), """
                package intruder;
                public class Main {
                    public static void main(String[] args) throws Throwable {
                        io.mio.posix.Downcalls.quick("getpid", java.lang.foreign.FunctionDescriptor.ofVoid());
                    }
                }
                """);
        Result javac = run(List.of(JAVAC, "-d", dir.resolve("intruder").toString(), "--module-path", modulePath(false),
                src.resolve("module-info.java").toString(), src.resolve("intruder/Main.java").toString()));
        assertNotEquals(0, javac.exit, "javac must refuse: " + javac);
        assertTrue(javac.err.contains("package io.mio.posix is declared in module io.mio.posix, which does not export it to module intruder")
                || javac.err.contains("not visible"), javac.err);
    }

    @Test
    void onTheModulePathEpollWorksWithTheGrantOfIoMioPosixAloneAndAppModulesCannotReachIt() throws Exception {
        String app = compileApp();
        Result run = run(List.of(JAVA, "--illegal-native-access=deny", "--enable-native-access=io.mio.posix",
                "--module-path", modulePath(false) + File.pathSeparator + app, "-m", "app/app.Main"));
        assertEquals(0, run.exit, run.toString());
        assertTrue(run.out.contains("backend=epoll"), run.toString());
        assertTrue(run.out.contains("echo=7"), run.toString());
        assertTrue(run.out.contains("posix=blocked"), "a module the package is not exported to cannot call it: " + run);
        assertTrue(!run.err.contains("WARNING"), "no native-access warning with the grant: " + run.err);
    }

    @Test
    void onTheModulePathWithoutTheGrantPollOpenFallsBackNamesTheModuleFlagAndLogsOnce() throws Exception {
        String app = compileApp();
        Result run = run(List.of(JAVA, "--illegal-native-access=deny",
                "--module-path", modulePath(true) + File.pathSeparator + app, "-m", "app/app.Main"));
        assertEquals(0, run.exit, run.toString());
        assertFallback(run, "--enable-native-access=io.mio.posix");
    }

    @Test
    void onTheClassPathWithoutTheGrantPollOpenFallsBackNamesTheClassPathFlagAndLogsOnce() throws Exception {
        String app = compileApp();
        Result run = run(List.of(JAVA, "--illegal-native-access=deny",
                "-cp", modulePath(true) + File.pathSeparator + app, "app.Main"));
        assertEquals(0, run.exit, run.toString());
        assertFallback(run, "--enable-native-access=ALL-UNNAMED");
    }

    private static void assertFallback(Result run, String flag) {
        assertEquals(2, count(run.out, "backend=selector"), "both polls on the selector: " + run);
        String providers = run.out.lines().filter(l -> l.startsWith("providers=")).findFirst().orElseThrow();
        assertTrue(providers.contains("epoll") && providers.contains(flag), "describeProviders names the flag: " + providers);
        assertEquals(1, count(run.err, "mio uses backend 'selector' because 'epoll' is unavailable"),
                "the fallback is logged once: " + run.err);
        assertTrue(run.err.contains(flag), run.err);
        assertTrue(!run.err.contains("ExceptionInInitializerError") && !run.out.contains("ExceptionInInitializerError"), run.toString());
    }

    // ---------------------------------------------------------------- helpers

    private String compileApp() throws Exception {
        Path src = dir.resolve("app-src");
        write(src.resolve("module-info.java"), "module app { requires io.mio; }");
        write(src.resolve("app/Main.java"), APP_MAIN);
        Path out = dir.resolve("app");
        Result javac = run(List.of(JAVAC, "-d", out.toString(), "--module-path", modulePath(false),
                src.resolve("module-info.java").toString(), src.resolve("app/Main.java").toString()));
        assertEquals(0, javac.exit, javac.toString());
        return out.toString();
    }

    /** mio-api, mio-posix and mio-epoll (and mio-selector), as built by this reactor. */
    private static String modulePath(boolean withSelector) throws URISyntaxException {
        List<String> entries = new ArrayList<>(List.of(location(Poll.class), location(PosixProvider.class),
                location(EpollProvider.class)));
        if (withSelector) {
            entries.add(location(SelectorPollProvider.class));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        // files and /dev/null: the child leaves no pipe open in this JVM (other tests count descriptors)
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(100, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
