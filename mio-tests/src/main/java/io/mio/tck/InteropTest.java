package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.Shutdown;
import io.mio.net.UdpSocket;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-backend pairs: the backend under test on one side, the peer backend
 * ({@code io.mio.tck.peer}, by default the same backend) on the other, both ways round. Data,
 * shutdown and close must work in both directions, each side polled by its own backend.
 */
public class InteropTest extends TckBase {
    private static final Token ID1 = new Token(1);
    private static final Token ID2 = new Token(2);

    /** Creates the test. */
    public InteropTest() {
    }

    /** The two ends: {@code tested} belongs to the backend under test, {@code other} to the peer. */
    private record Ends(io.mio.net.TcpStream tested, io.mio.net.TcpStream other) {
    }

    private Ends connect(Direction direction) throws IOException {
        if (direction == Direction.PEER_CLIENT_TO_SERVER) {
            TcpPair pair = tcpPair(IpFamily.IPV4, peer, provider);
            return new Ends(pair.server(), pair.client());
        }
        TcpPair pair = tcpPair(IpFamily.IPV4, provider, peer);
        return new Ends(pair.client(), pair.server());
    }

    @TckTest
    @EachOf(Direction.class)
    void dataFlowsBothWays(Direction direction) throws IOException {
        Poll tested = openPoll();
        Poll other = openPeerPoll();
        Ends ends = connect(direction);
        tested.registry().register(ends.tested(), ID1, Interest.READABLE);
        other.registry().register(ends.other(), ID2, Interest.READABLE);
        byte[] data = new byte[8192];
        Arrays.fill(data, (byte) 5);
        writeAll(ends.other(), data);
        expectEvents(tested, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        assertArrayEquals(data, readExactly(ends.tested(), data.length));
        writeAll(ends.tested(), data);
        expectEvents(other, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        assertArrayEquals(data, readExactly(ends.other(), data.length));
    }

    @TckTest
    @EachOf(Direction.class)
    void shutdownIsSeenByTheOtherSide(Direction direction) throws IOException {
        Poll tested = openPoll();
        Poll other = openPeerPoll();
        Ends ends = connect(direction);
        tested.registry().register(ends.tested(), ID1, Interest.READABLE);
        other.registry().register(ends.other(), ID2, Interest.READABLE);
        ends.tested().shutdown(Shutdown.WRITE);
        expectEvents(other, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        awaitEndOfStream(ends.other());
        ends.other().shutdown(Shutdown.WRITE);
        expectEvents(tested, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        awaitEndOfStream(ends.tested());
    }

    @TckTest
    @EachOf(Direction.class)
    void closeIsSeenByTheOtherSide(Direction direction) throws IOException {
        Poll other = openPeerPoll();
        Ends ends = connect(direction);
        other.registry().register(ends.other(), ID2, Interest.READABLE);
        writeAll(ends.tested(), new byte[] {1, 2, 3});
        ends.tested().close();
        expectEvents(other, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        assertArrayEquals(new byte[] {1, 2, 3}, readExactly(ends.other(), 3));
        awaitEndOfStream(ends.other());
    }

    @TckTest
    @EachOf(Direction.class)
    void closeByTheOtherSideIsSeen(Direction direction) throws IOException {
        Poll tested = openPoll();
        Ends ends = connect(direction);
        tested.registry().register(ends.tested(), ID1, Interest.READABLE);
        ends.other().close();
        expectEvents(tested, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        awaitEndOfStream(ends.tested());
    }

    @TckTest
    @EachOf(Direction.class)
    void datagramsFlowBothWays(Direction direction) throws IOException {
        PollProvider senderSide = direction == Direction.PEER_CLIENT_TO_SERVER ? peer : provider;
        PollProvider receiverSide = senderSide == peer ? provider : peer;
        Poll poll = track(receiverSide.openPoll());
        UdpSocket sender = track(UdpSocket.bind(loopback(IpFamily.IPV4), senderSide));
        UdpSocket receiver = track(UdpSocket.bind(loopback(IpFamily.IPV4), receiverSide));
        poll.registry().register(receiver, ID1, Interest.READABLE);
        assertTrue(sender.sendTo(ByteBuffer.wrap(new byte[] {4, 2}), receiver.localAddress()));
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.READABLE));
        ByteBuffer buffer = ByteBuffer.allocate(8);
        assertEquals(sender.localAddress(), receiver.receive(buffer));
        assertEquals(2, buffer.position());
    }
}
