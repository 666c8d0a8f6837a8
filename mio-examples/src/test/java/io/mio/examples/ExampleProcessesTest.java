package io.mio.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The examples as a user runs them: in their own JVM, with their exit status and their output. Each
 * child JVM gets only the mio classes on its class path, so that its descriptor count is small and
 * predictable.
 */
@Timeout(120)
class ExampleProcessesTest {
    private static final int DESCRIPTOR_LIMIT = 64;
    private static final int CLIENTS = 100;
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]*:(\\d+) ");

    static List<String> backends() {
        return ExamplesTest.backends();
    }

    @ParameterizedTest(name = "[{0}] under ulimit -n 64 the echo server backs off, echoes for every connection and keeps serving")
    @MethodSource("backends")
    void echoServerSurvivesRunningOutOfDescriptors(String backend) throws Exception {
        assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh for ulimit");
        String command = "ulimit -n " + DESCRIPTOR_LIMIT + " && exec \"$0\" \"$@\"";
        List<String> java = javaCommand("io.mio.examples.EchoServer", "127.0.0.1:0", backend);
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", command));
        sh.addAll(java);
        Process server = new ProcessBuilder(sh).start();
        CompletableFuture<String> errors = readAll(server.getErrorStream());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine(); // bounded by the class's timeout
            Matcher listening = LISTENING.matcher(String.valueOf(first));
            assertTrue(listening.find(), () -> "first line: " + first + "\nstderr: " + errorsSoFar(server, errors));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1)));

            // more connections than the server has descriptors: the kernel completes them all into the
            // backlog; the server accepts until EMFILE, then must back off and accept again as we close
            Socket[] clients = new Socket[CLIENTS];
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    int client = i;
                    assertTrue(server.isAlive(), () -> "server alive before client " + client + "; stderr: " + errorsSoFar(server, errors));
                    clients[i] = new Socket();
                    clients[i].connect(address, 10_000);
                    clients[i].setSoTimeout(20_000);
                    clients[i].getOutputStream().write(message(i));
                }
                for (int i = 0; i < CLIENTS; i++) {
                    assertArrayEquals(message(i), clients[i].getInputStream().readNBytes(message(i).length),
                            "echo on connection " + i);
                    clients[i].close(); // frees a descriptor in the server: it can accept the next one
                }
            } finally {
                for (Socket client : clients) {
                    if (client != null) {
                        client.close();
                    }
                }
            }
            try (Socket after = new Socket()) {
                after.connect(address, 10_000);
                after.setSoTimeout(20_000);
                after.getOutputStream().write(message(CLIENTS));
                assertArrayEquals(message(CLIENTS), after.getInputStream().readNBytes(message(CLIENTS).length),
                        "echo after the storm");
            }
            assertTrue(server.isAlive(), "the server is still running");

            // SIGTERM (Process.destroy would also close our ends of its pipes): the server stops itself
            assertTrue(server.toHandle().destroy());
            String rest = out.lines().collect(Collectors.joining("\n")); // until the server closes its output
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server stops on SIGTERM");
            assertEquals("Echo server stopped", rest.strip(), "output after SIGTERM");
            String stderr = errors.get(20, TimeUnit.SECONDS);
            assertTrue(stderr.contains("accept failed") && stderr.contains("Too many open files"),
                    "the server ran out of descriptors at least once (else this test tested nothing); stderr:\n" + stderr);
            assertFalse(stderr.contains("\tat "), "no stack trace; stderr:\n" + stderr);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void unknownBackendIsOneLineAndExitStatusOne() throws Exception {
        Result result = run(javaCommand("io.mio.examples.EchoServer", "127.0.0.1:0", "nope"));
        assertEquals(1, result.status);
        assertOneLine(result.stderr, "EchoServer: unknown mio backend 'nope'");
    }

    @Test
    void addressInUseIsOneLineAndExitStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            for (String backend : backends()) {
                Result result = run(javaCommand("io.mio.examples.EchoServer", "127.0.0.1:" + port, backend));
                assertEquals(1, result.status, backend);
                assertOneLine(result.stderr, "EchoServer: ");
                assertTrue(result.stderr.contains("127.0.0.1:" + port) && result.stderr.contains("in use"),
                        backend + ": " + result.stderr);
            }
        }
    }

    @Test
    void badAddressIsOneLineAndExitStatusOne() throws Exception {
        Result result = run(javaCommand("io.mio.examples.GettingStarted", "localhost:http"));
        assertEquals(1, result.status);
        assertOneLine(result.stderr, "GettingStarted: expected host:port or a port");
    }

    @Test
    void refusedClientIsOneLineAndExitStatusOne() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // closed again: nothing listens there now
        }
        Result result = run(javaCommand("io.mio.examples.EchoClient", String.valueOf(port)));
        assertEquals(1, result.status);
        assertOneLine(result.stderr, "EchoClient: no echo from");
        assertTrue(result.stderr.contains("refused"), result.stderr);
    }

    @Test
    void argumentsSplitAtSpacesAsMavenPassesThem() throws Exception {
        // -Dexample.args="PORT backend words" reaches main as one argument
        try (EchoServer server = new EchoServer(new InetSocketAddress("127.0.0.1", 0), null)) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    server.run();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            String backend = backends().get(0);
            Result result = run(javaCommand("io.mio.examples.EchoClient",
                    server.localAddress().getPort() + " " + backend + " two words"));
            server.stop();
            serving.get(10, TimeUnit.SECONDS);
            assertEquals(0, result.status, result.stderr);
            assertEquals("Sent 'two words', received 'two words' with backend " + backend, result.stdout.strip());
        }
    }

    private static void assertOneLine(String stderr, String prefix) {
        String text = stderr.strip();
        assertTrue(text.startsWith(prefix) && !text.contains("\n"), "one line starting with '" + prefix + "':\n" + stderr);
    }

    private static byte[] message(int i) {
        return ("hello from client " + i + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** java with only the mio classes on its class path (the test class path holds JUnit too). */
    private static List<String> javaCommand(String main, String... args) {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classPath = Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(entry -> Path.of(entry).toAbsolutePath().toString().contains("mio-"))
                .filter(entry -> !entry.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, main));
        command.addAll(List.of(args));
        return command;
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        try {
            CompletableFuture<String> out = readAll(process.getInputStream());
            CompletableFuture<String> err = readAll(process.getErrorStream());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example ends by itself: " + command);
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }, task -> Thread.ofPlatform().daemon().start(task)); // not the common pool: a server may hold its one worker
    }

    private static String errorsSoFar(Process process, CompletableFuture<String> errors) {
        process.destroyForcibly();
        try {
            return errors.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(unavailable: " + e + ")";
        }
    }
}
