package io.mio.epoll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every descriptor the backend opens is closed again: /proc/self/fd counts the same before and after. */
class DescriptorLeakTest {
    private static final Token LISTENER = new Token(0);
    private static final Token CLIENT = new Token(1);
    private static final Token SERVER = new Token(2);

    @Test
    @Timeout(120)
    void tenThousandConnectAcceptCloseCyclesLeaveTheDescriptorCountWhereItStarted() throws Exception {
        PollProvider epoll = PollProvider.named("epoll");
        cycles(epoll, 20); // warm up: class loading, per-thread buffers, the JIT's own files
        long before = OpenDescriptors.count();
        cycles(epoll, 10_000);
        assertEquals(before, OpenDescriptors.count(), "descriptors open after 10,000 cycles");
    }

    private static void cycles(PollProvider epoll, int count) throws IOException {
        try (Poll poll = epoll.openPoll();
             TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), epoll)) {
            Events events = Events.withCapacity(16);
            poll.registry().register(listener, LISTENER, Interest.READABLE);
            InetSocketAddress address = listener.localAddress();
            for (int i = 0; i < count; i++) {
                TcpStream client = TcpStream.connect(address, epoll);
                poll.registry().register(client, CLIENT, Interest.WRITABLE);
                TcpStream server = accept(poll, events, listener);
                poll.registry().register(server, SERVER, Interest.READABLE);
                // close one registered, deregister the other first: both paths release the descriptor
                client.close();
                poll.registry().deregister(server);
                server.close();
            }
        }
    }

    private static TcpStream accept(Poll poll, Events events, TcpListener listener) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            TcpStream accepted = listener.accept();
            if (accepted != null) {
                return accepted;
            }
            poll.poll(events, Duration.ofMillis(100));
        }
        TcpStream accepted = listener.accept();
        assertNotNull(accepted, "no connection to accept after 100 polls");
        return accepted;
    }
}
