package io.mio.bench.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every stack of the load benchmark answers with the same 78 bytes, on the wire. */
class HttpServersTest {

    /** The anchors' response, written out here so that a change to {@link Http#RESPONSE} fails. */
    private static final byte[] ANCHOR = ("HTTP/1.1 200 OK\r\n"
            + "Content-Length: 13\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void theResponseIsTheAnchorsSeventyEightBytes() {
        assertEquals(78, ANCHOR.length);
        assertArrayEquals(ANCHOR, Http.RESPONSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mio-epoll", "mio-poll", "mio-selector", "nio", "ffm-epoll", "netty-epoll", "netty-nio"})
    @Timeout(30)
    void everyStackSendsTheAnchorsBytesForEachPipelinedRequest(final String stack) throws Exception {
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        // the server is built and run on one thread: the bare loop's arena is confined to it
        final Thread loop = new Thread(() -> {
            try (HttpServers.Server server = HttpServers.open(stack, new InetSocketAddress("127.0.0.1", 0))) {
                port.complete(server.port());
                server.run(System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
            } catch (Throwable t) {
                failure.set(t);
                port.completeExceptionally(t);
            }
        }, "server-" + stack);
        loop.start();
        try (Socket client = new Socket("127.0.0.1", port.get(20, TimeUnit.SECONDS))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(REQUEST.repeat(3).getBytes(StandardCharsets.US_ASCII));
            final byte[] expected = new byte[3 * ANCHOR.length];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(ANCHOR, 0, expected, i * ANCHOR.length, ANCHOR.length);
            }
            assertArrayEquals(expected, readFully(client.getInputStream(), expected.length), stack);
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read(), stack + ": nothing after the three responses");
        }
        loop.join(20_000);
        assertTrue(!loop.isAlive(), stack + " server still running after its deadline");
        if (failure.get() != null) {
            throw new AssertionError(stack + " server failed", failure.get());
        }
    }

    @Test
    void theRustServerSendsTheSameBytes() throws IOException {
        final String source = Files.readString(Path.of("rust/src/main.rs"));
        final Matcher m = Pattern.compile("const RESPONSE: &\\[u8\\] =\\s*b\"([^\"]*)\";").matcher(source);
        assertTrue(m.find(), "RESPONSE constant in rust/src/main.rs");
        final String text = m.group(1).replace("\\r", "\r").replace("\\n", "\n");
        assertArrayEquals(ANCHOR, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] readFully(final InputStream in, final int length) throws IOException {
        final byte[] bytes = new byte[length];
        int at = 0;
        while (at < length) {
            final int n = in.read(bytes, at, length - at);
            if (n < 0) {
                throw new IOException("end of stream after " + at + " of " + length + " bytes");
            }
            at += n;
        }
        return bytes;
    }
}
