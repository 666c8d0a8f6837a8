package io.mio.examples;

import io.mio.Poll;
import io.mio.net.TcpListener;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The composed-source example runs for real on every backend available here. */
@Timeout(60)
class ComposedSourceExampleTest {
    private static final int CLIENTS = 3;
    /** Lines per client: far more than socket buffers hold, so the server's writes would block. */
    private static final int LINES = 40_000;

    static java.util.List<String> backends() {
        return ExamplesTest.backends();
    }

    @ParameterizedTest(name = "[{0}] connection objects answer every line in upper case")
    @MethodSource("backends")
    void connectionObjectsAnswerEveryLine(String backend) throws Exception {
        // one thread per client and writer: the common pool may have a single thread on small machines
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Poll poll = Poll.open(backend);
             TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), poll.provider())) {
            InetSocketAddress address = listener.localAddress();
            CompletableFuture<?>[] clients = new CompletableFuture<?>[CLIENTS];
            for (int c = 0; c < CLIENTS; c++) {
                clients[c] = CompletableFuture.runAsync(() -> converse(address, threads), threads);
            }
            long answered = ComposedSourceExample.serve(poll, listener, CLIENTS, Duration.ofSeconds(10));
            CompletableFuture.allOf(clients).get(10, TimeUnit.SECONDS);
            assertEquals((long) CLIENTS * LINES, answered);
        }
    }

    /** Writes every line on one thread while this one reads the answers, then closes. */
    private static void converse(InetSocketAddress address, ExecutorService threads) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append("line ").append(i).append(" of mio\n");
        }
        byte[] sent = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] expected = text.toString().toUpperCase().getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            // a small receive window, so the server's answers back up and its writes would block
            socket.setReceiveBufferSize(4096);
            socket.connect(address);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    out.write(sent);
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, threads);
            InputStream in = socket.getInputStream();
            byte[] got = in.readNBytes(expected.length);
            writing.get(10, TimeUnit.SECONDS);
            assertArrayEquals(expected, got);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
