package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.MioSocketOptions;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.Capability;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP listeners; after mio's {@code tests/tcp_listener.rs} and {@code tests/tcp.rs}. */
public class TcpListenerTest extends TckBase {
    private static final Token SERVER = new Token(0);

    /** Creates the test. */
    public TcpListenerTest() {
    }

    @TckTest
    @EachOf(IpFamily.class)
    void acceptReturnsNullWhenNoConnectionIsPending(IpFamily family) throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(family), provider));
        assertNull(listener.accept());
    }

    @TckTest
    @EachOf(IpFamily.class)
    void listenerIsReadableWhenAConnectionIsPending(IpFamily family) throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(family), provider));
        poll.registry().register(listener, SERVER, Interest.READABLE);
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        expectEvents(poll, Events.withCapacity(8), expect(SERVER, Ready.READABLE));
        TcpStream accepted = track(listener.accept());
        assertNotNull(accepted, "a readable listener must have a connection to accept");
        assertNull(listener.accept());
        awaitConnected(client);
        assertEquals(client.localAddress(), accepted.peerAddress());
        assertEquals(accepted.localAddress(), client.peerAddress());
    }

    @TckTest
    @EachOf(IpFamily.class)
    void localAddressReportsTheChosenPort(IpFamily family) throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(family), provider));
        InetSocketAddress local = listener.localAddress();
        assertEquals(family.loopback(), local.getAddress());
        assertNotEquals(0, local.getPort());
    }

    @TckTest
    void connectionPendingBeforeRegisterIsReported() throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        TcpStream client = track(TcpStream.connect(listener.localAddress(), provider));
        awaitConnected(client);
        Poll poll = openPoll();
        poll.registry().register(listener, SERVER, Interest.READABLE);
        expectEvents(poll, Events.withCapacity(8), expect(SERVER, Ready.READABLE));
        assertNotNull(track(listener.accept()));
    }

    @TckTest
    void acceptDrainsManyPendingConnectionsUntilNull() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, SERVER, Interest.READABLE);
        int count = 5;
        for (int i = 0; i < count; i++) {
            awaitConnected(track(TcpStream.connect(listener.localAddress(), provider)));
        }
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(SERVER, Ready.READABLE));
        List<TcpStream> accepted = new ArrayList<>();
        TcpStream stream;
        while ((stream = listener.accept()) != null) {
            accepted.add(track(stream));
        }
        assertEquals(count, accepted.size(), "every connected client must be accepted before accept returns null");
    }

    @TckTest
    void listenerIsReadableAgainAfterAcceptReturnedNull() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, SERVER, Interest.READABLE);
        Events events = Events.withCapacity(8);
        for (int round = 0; round < 3; round++) {
            track(TcpStream.connect(listener.localAddress(), provider));
            expectEvents(poll, events, expect(SERVER, Ready.READABLE));
            assertNotNull(track(listener.accept()));
            assertNull(listener.accept());
        }
    }

    @TckTest
    void noListenerEventsAfterDeregister() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, SERVER, Interest.READABLE);
        poll.registry().deregister(listener);
        awaitConnected(track(TcpStream.connect(listener.localAddress(), provider)));
        expectNoEventForThroughAWake(poll, Events.withCapacity(8), SERVER);
        assertNotNull(acceptWithin(listener), "the connection was there all along");
    }

    @TckTest
    void bindingAPortInUseFailsWithBindException() throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        BindException e = assertThrows(BindException.class,
                () -> track(TcpListener.bind(listener.localAddress(), provider)));
        assertMessageNames(e, "in use");
    }

    @TckTest
    void bindingAnUnresolvedAddressIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpListener.bind(InetSocketAddress.createUnresolved("localhost", 0), provider));
        assertMessageNames(e, "unresolved");
    }

    @TckTest
    void bindingNullIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> TcpListener.bind(null, provider));
        assertMessageNames(e, "address");
    }

    @TckTest
    void acceptOnAClosedListenerFails() throws IOException {
        TcpListener listener = TcpListener.bind(loopback(IpFamily.IPV4), provider);
        listener.close();
        assertThrows(ClosedChannelException.class, listener::accept);
        assertThrows(ClosedChannelException.class, listener::localAddress);
    }

    @TckTest
    void closedListenerRefusesNewConnections() throws IOException {
        TcpListener listener = TcpListener.bind(loopback(IpFamily.IPV4), provider);
        InetSocketAddress address = listener.localAddress();
        listener.close();
        Poll poll = openPoll();
        TcpStream client;
        try {
            client = track(TcpStream.connect(address, provider));
        } catch (java.net.ConnectException refusedAtOnce) {
            // refused within connect: the OS answered at once, which is the refusal this case checks
            assertMessageNames(refusedAtOnce, "refused");
            return;
        }
        poll.registry().register(client, new Token(1), Interest.WRITABLE);
        awaitEvent(poll, Events.withCapacity(8), new Token(1));
        // a missing peer address alone is not a refusal (the Javadoc: takeError reports it)
        IOException error = client.takeError();
        assertTrue(error instanceof java.net.ConnectException, () -> "a connect to a closed listener must fail with"
                + " a ConnectException from takeError, got " + error);
        assertMessageNames(error, "refused");
    }

    @TckTest
    @Requires(Capability.IP_TTL)
    void listenerTtlCanBeSetAndRead() throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        listener.setTtl(100);
        assertEquals(100, listener.ttl());
        assertEquals(100, listener.getOption(MioSocketOptions.IP_TTL));
    }

    @TckTest
    @Requires(Capability.REUSE_PORT)
    void reusePortLetsTwoListenersShareAPort() throws IOException {
        TcpListener first = track(TcpListener.bind(loopback(IpFamily.IPV4), provider, 0, true));
        TcpListener second = track(TcpListener.bind(first.localAddress(), provider, 0, true));
        assertEquals(first.localAddress(), second.localAddress());
    }

    @TckTest
    void takeErrorOfAHealthyListenerIsNull() throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        assertNull(listener.takeError());
    }
}
