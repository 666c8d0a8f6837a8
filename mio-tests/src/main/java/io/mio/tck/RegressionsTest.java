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
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regressions mio fixed that apply to any backend; after mio's {@code tests/regressions.rs},
 * {@code tests/reregister_without_poll.rs} and {@code tests/local_addr_ready.rs}. Issue 1205 is in
 * {@link WakerTest}, issue 1403 in {@link UnixDatagramTest}.
 */
public class RegressionsTest extends TckBase {
    private static final Token ID1 = new Token(1);

    /** Creates the test. */
    public RegressionsTest() {
    }

    @TckTest
    void issue776ReadAfterConnectWouldBlock() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        TcpStream stream = track(TcpStream.connect(listener.localAddress(), provider));
        poll.registry().register(stream, ID1, Interest.READABLE.add(Interest.WRITABLE));
        TcpStream accepted = track(acceptWithin(listener));
        Events events = Events.withCapacity(16);
        awaitEvent(poll, events, ID1);
        assertEquals(0, stream.read(ByteBuffer.allocate(1024)), "a read before the peer wrote must would-block");
        assertNotNull(accepted);
    }

    @TckTest
    void reregisterWithoutPollDeliversTheLastInterest() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        poll.registry().register(listener, ID1, Interest.READABLE);
        poll.registry().reregister(listener, new Token(2), Interest.READABLE);
        expectEvents(poll, Events.withCapacity(8), expect(new Token(2), Ready.READABLE));
        assertNotNull(client);
    }

    @TckTest
    void reregisterWithoutPollToAnotherInterestGivesNoEvent() throws IOException {
        // mio's reregister_without_poll: READABLE, then WRITABLE before any poll; a listener with a
        // pending connection is readable but never writable, so no event may come
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, ID1, Interest.READABLE);
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        awaitConnected(client);
        poll.registry().reregister(listener, ID1, Interest.WRITABLE);
        expectNoEvents(poll, Events.withCapacity(8));
        assertNotNull(acceptWithin(listener), "the connection was pending all along");
    }

    @TckTest
    void localAddressIsReadyWhenTheServerWritesAtOnce() throws IOException {
        // mio's local_addr_ready: the server writes right after accept; the client sees it readable
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        TcpStream server = track(acceptWithin(listener));
        writeAll(server, new byte[] {1, 2, 3});
        poll.registry().register(client, ID1, Interest.READABLE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        assertEquals(3, readExactly(client, 3).length);
    }

    @TckTest
    void eventsOfASourceClosedDuringDispatchAreNotReportedAgain() throws IOException {
        Poll poll = openPoll();
        UdpSocket first = udp(IpFamily.IPV4);
        UdpSocket second = udp(IpFamily.IPV4);
        poll.registry().register(first, new Token(1), Interest.WRITABLE);
        poll.registry().register(second, new Token(2), Interest.WRITABLE);
        Events events = Events.withCapacity(1);
        poll.poll(events, EXPECT_TIMEOUT);
        assertEquals(1, events.size(), () -> "two writable sockets, capacity one: " + events);
        // close both while one event may still be queued in the backend for the next poll
        first.close();
        second.close();
        for (int i = 0; i < 3; i++) {
            poll.poll(events, Duration.ofMillis(20));
            for (Event event : events) {
                assertTrue(false, "[" + backend() + "] closed source reported: " + event);
            }
        }
    }
}
