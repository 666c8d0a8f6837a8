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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The idle-timeout example runs for real on every backend available here. */
@Timeout(60)
class IdleTimeoutServerTest {
    static java.util.List<String> backends() {
        return ExamplesTest.backends();
    }

    @ParameterizedTest(name = "[{0}] a silent connection is closed by its deadline; a task from another thread stops the loop")
    @MethodSource("backends")
    void silentConnectionIsClosedAndATaskStopsTheLoop(String backend) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Poll poll = Poll.open(backend);
             TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), poll.provider())) {
            IdleTimeoutServer server = new IdleTimeoutServer(poll, listener, Duration.ofMillis(200));
            InetSocketAddress address = listener.localAddress();
            // a client that says one thing, then nothing: the server closes it (end of stream here),
            // then the client asks the loop, through a task, to stop
            CompletableFuture<Integer> client = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                    OutputStream out = socket.getOutputStream();
                    out.write("hello\n".getBytes());
                    out.flush();
                    InputStream in = socket.getInputStream();
                    int end = in.read(); // blocks until the idle deadline closed the connection
                    server.submit(server::stop);
                    return end;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            long timedOut = server.serve();
            assertEquals(-1, client.get(10, TimeUnit.SECONDS));
            assertEquals(1, timedOut);
        }
    }
}
