package io.mio.examples;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The examples run for real on every backend available here. */
@Timeout(60)
class ExamplesTest {
    static List<String> backends() {
        List<String> names = PollProvider.providers().stream()
                .filter(provider -> provider.availability().available())
                .map(PollProvider::name)
                .toList();
        assertFalse(names.isEmpty(), "no backend available:\n" + PollProvider.describeProviders());
        return names;
    }

    @ParameterizedTest(name = "[{0}] echo server sends every byte back")
    @MethodSource("backends")
    void echoServerSendsEveryByteBack(String backend) throws Exception {
        try (EchoServer server = new EchoServer(new InetSocketAddress("127.0.0.1", 0), backend)) {
            assertEquals(backend, server.backend());
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    server.run();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] message = "hello mio".getBytes(StandardCharsets.UTF_8);
            byte[] large = new byte[1 << 20]; // larger than socket buffers: partial writes on both sides
            new Random(42).nextBytes(large);
            try (Poll client = Poll.open(backend)) {
                assertArrayEquals(message,
                        EchoClient.roundTrip(client, server.localAddress(), message, Duration.ofSeconds(10)));
                assertArrayEquals(large,
                        EchoClient.roundTrip(client, server.localAddress(), large, Duration.ofSeconds(10)));
            }
            server.stop();
            serving.get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "[{0}] token server serves 32 connections then stops")
    @MethodSource("backends")
    void tokenServerServesItsConnectionsThenStops(String backend) throws Exception {
        try (Poll poll = Poll.open(backend);
             TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), poll.provider())) {
            InetSocketAddress address = listener.localAddress();
            CompletableFuture<Void> clients = CompletableFuture.runAsync(() -> {
                Socket[] sockets = new Socket[TokenServer.CONNECTIONS];
                try {
                    for (int i = 0; i < sockets.length; i++) {
                        sockets[i] = new Socket(address.getAddress(), address.getPort());
                        OutputStream out = sockets[i].getOutputStream();
                        out.write(new byte[i + 1]);
                        out.flush();
                    }
                    for (Socket socket : sockets) {
                        socket.close();
                    }
                } catch (IOException e) {
                    Arrays.stream(sockets).forEach(ExamplesTest::closeQuietly);
                    throw new RuntimeException(e);
                }
            });
            long bytes = TokenServer.serve(poll, listener, Duration.ofSeconds(10));
            clients.get(10, TimeUnit.SECONDS);
            assertEquals(TokenServer.CONNECTIONS * (TokenServer.CONNECTIONS + 1) / 2, bytes);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the test has already failed; this only releases the descriptor
            }
        }
    }
}
