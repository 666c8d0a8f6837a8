package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many registered sources, few active: events arrive for the active ones only. The contract's
 * "thousands of connections registered, few active".
 */
public class ManySourcesTest extends TckBase {
    /** Creates the test. */
    public ManySourcesTest() {
    }

    @TckTest
    void aThousandRegisteredSocketsReportOnlyTheActiveOnes() throws IOException {
        Poll poll = openPoll();
        int count = 1000;
        List<UdpSocket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UdpSocket socket = udp(IpFamily.IPV4);
            poll.registry().register(socket, new Token(i), Interest.READABLE);
            sockets.add(socket);
        }
        UdpSocket sender = udp(IpFamily.IPV4);
        Set<Token> active = Set.of(new Token(3), new Token(500), new Token(999));
        for (Token token : active) {
            assertTrue(sender.sendTo(ByteBuffer.wrap(new byte[] {1}), sockets.get((int) token.value()).localAddress()));
        }
        Events events = Events.withCapacity(64);
        Set<Token> seen = new HashSet<>();
        for (int i = 0; i < EXPECT_POLLS * 2 && !seen.containsAll(active); i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (Event event : events) {
                assertTrue(active.contains(event.token()), () -> "event for an idle socket: " + event);
                seen.add(event.token());
            }
        }
        assertEquals(active, seen);
        expectNoEvents(poll, events);
    }

    @TckTest
    void twoHundredConnectionsWithFewActive() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        int count = 200;
        List<TcpStream> clients = new ArrayList<>(count);
        List<TcpStream> servers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(track(TcpStream.connect(listener.localAddress(), provider)));
            TcpStream server = track(acceptWithin(listener));
            poll.registry().register(server, new Token(i), Interest.READABLE);
            servers.add(server);
        }
        // connections complete on the client side without registering them: wait for each
        for (TcpStream client : clients) {
            awaitConnected(client);
        }
        Set<Token> active = Set.of(new Token(0), new Token(77), new Token(199));
        for (Token token : active) {
            writeAll(clients.get((int) token.value()), new byte[] {42});
        }
        Events events = Events.withCapacity(256);
        Set<Token> seen = new HashSet<>();
        for (int i = 0; i < EXPECT_POLLS * 2 && !seen.containsAll(active); i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (Event event : events) {
                assertTrue(active.contains(event.token()), () -> "event for an idle connection: " + event);
                seen.add(event.token());
            }
        }
        assertEquals(active, seen);
    }
}
