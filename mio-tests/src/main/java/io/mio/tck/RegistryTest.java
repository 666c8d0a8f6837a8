package io.mio.tck;

import io.mio.ClosedPollException;
import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.IoSource;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registering, reregistering and deregistering, and the errors of each; after mio's
 * {@code tests/registering.rs}, {@code tests/poll.rs} and {@code tests/double_register.rs}.
 */
public class RegistryTest extends TckBase {
    private static final Token ID1 = new Token(1);
    private static final Token ID2 = new Token(2);

    /** Creates the test. */
    public RegistryTest() {
    }

    private void send(UdpSocket from, UdpSocket to) throws IOException {
        assertTrue(from.sendTo(ByteBuffer.wrap(new byte[] {1, 2, 3}), to.localAddress()));
    }

    @TckTest
    void registerNullSourceIsRejected() throws IOException {
        Poll poll = openPoll();
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> poll.registry().register(null, ID1, Interest.READABLE));
        assertMessageNames(e, "source");
    }

    @TckTest
    void registerNullTokenIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> poll.registry().register(socket, null, Interest.READABLE));
        assertMessageNames(e, "token");
        // the failed call left the source unregistered
        poll.registry().register(socket, ID1, Interest.READABLE);
    }

    @TckTest
    void registerNullInterestIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> poll.registry().register(socket, ID1, null));
        assertMessageNames(e, "interests");
    }

    @TckTest
    void reregisterNullInterestIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> poll.registry().reregister(socket, ID1, Interest.READABLE.remove(Interest.READABLE)));
        assertMessageNames(e, "interests");
    }

    @TckTest
    void registerClosedSourceIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        socket.close();
        assertThrows(ClosedChannelException.class, () -> poll.registry().register(socket, ID1, Interest.READABLE));
    }

    @TckTest
    void registerTwiceIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> poll.registry().register(socket, ID2, Interest.WRITABLE));
        assertMessageNames(e, "already registered");
    }

    @TckTest
    void registerWithSecondPollIsRejected() throws IOException {
        Poll first = openPoll();
        Poll second = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        first.registry().register(socket, ID1, Interest.READABLE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> second.registry().register(socket, ID1, Interest.READABLE));
        assertMessageNames(e, "another poll");
        IllegalStateException re = assertThrows(IllegalStateException.class,
                () -> second.registry().reregister(socket, ID1, Interest.READABLE));
        assertMessageNames(re, "another poll");
    }

    @TckTest
    void deregisterOfUnregisteredSourceIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> poll.registry().deregister(socket));
        assertMessageNames(e, "not registered");
    }

    @TckTest
    void reregisterOfUnregisteredSourceIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> poll.registry().reregister(socket, ID1, Interest.READABLE));
        assertMessageNames(e, "not registered");
    }

    @TckTest
    void deregisterTwiceIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        poll.registry().deregister(socket);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> poll.registry().deregister(socket));
        assertMessageNames(e, "not registered");
    }

    @TckTest
    void sourceOfAnotherBackendIsRejected() throws IOException {
        Poll poll = openPoll();
        IoSource foreign = ForeignProvider.INSTANCE.source();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poll.registry().register(foreign, ID1, Interest.READABLE));
        assertMessageNames(e, backend(), ForeignProvider.INSTANCE.name());
        IllegalArgumentException de = assertThrows(IllegalArgumentException.class,
                () -> poll.registry().deregister(foreign));
        assertMessageNames(de, backend(), ForeignProvider.INSTANCE.name());
    }

    @TckTest
    @Requires(distinctPeer = true)
    void sourceOfPeerBackendIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket foreign = track(UdpSocket.bind(loopback(IpFamily.IPV4), peer));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poll.registry().register(foreign, ID1, Interest.READABLE));
        assertMessageNames(e, backend(), peer.name());
    }

    @TckTest
    void registerOnClosedPollIsRejected() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.close();
        assertThrows(ClosedPollException.class, () -> poll.registry().register(socket, ID1, Interest.READABLE));
    }

    @TckTest
    void registerAcceptsEveryInterestCombination() throws IOException {
        Poll poll = openPoll();
        Interest[] all = {Interest.READABLE, Interest.WRITABLE, Interest.PRIORITY,
                Interest.READABLE.add(Interest.WRITABLE), Interest.READABLE.add(Interest.PRIORITY),
                Interest.WRITABLE.add(Interest.PRIORITY),
                Interest.READABLE.add(Interest.WRITABLE).add(Interest.PRIORITY)};
        UdpSocket sender = udp(IpFamily.IPV4);
        Events events = Events.withCapacity(8);
        for (int i = 0; i < all.length; i++) {
            // readable (a datagram waits) and writable: each registration reports what it asked for
            UdpSocket socket = udp(IpFamily.IPV4);
            send(sender, socket);
            poll.registry().register(socket, new Token(i), all[i]);
            checkReported(poll, events, new Token(i), all[i]);
            Interest next = all[(i + 1) % all.length];
            poll.registry().reregister(socket, new Token(i + 100), next);
            checkReported(poll, events, new Token(i + 100), next);
            poll.registry().deregister(socket);
        }
    }

    /** A ready UDP socket registered with {@code interests} is reported with those flags and no others. */
    private void checkReported(Poll poll, Events events, Token token, Interest interests) throws IOException {
        if (!interests.isReadable() && !interests.isWritable()) {
            expectNoEventFor(poll, events, token); // UDP has no priority data
            return;
        }
        Seen seen = awaitEvent(poll, events, token);
        assertEquals(interests.isReadable(), seen.readable(), () -> interests + " gave " + seen);
        assertEquals(interests.isWritable(), seen.writable(), () -> interests + " gave " + seen);
        assertFalse(seen.priority(), () -> interests + " gave " + seen);
    }

    @TckTest
    void tokensCarryAnyLongValue() throws IOException {
        Poll poll = openPoll();
        long[] values = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE + 1};
        ExpectEvent[] expected = new ExpectEvent[values.length];
        for (int i = 0; i < values.length; i++) {
            poll.registry().register(udp(IpFamily.IPV4), new Token(values[i]), Interest.WRITABLE);
            expected[i] = expect(new Token(values[i]), Ready.WRITABLE);
        }
        expectEvents(poll, Events.withCapacity(16), expected);
    }

    @TckTest
    void twoSourcesMayShareAToken() throws IOException {
        Poll poll = openPoll();
        poll.registry().register(udp(IpFamily.IPV4), ID1, Interest.WRITABLE);
        poll.registry().register(udp(IpFamily.IPV4), ID1, Interest.WRITABLE);
        expectEvents(poll, Events.withCapacity(8), expect(ID1, Ready.WRITABLE), expect(ID1, Ready.WRITABLE));
    }

    @TckTest
    void reregisterChangesTheToken() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        poll.registry().reregister(socket, ID2, Interest.READABLE);
        send(sender, socket);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID2, Ready.READABLE));
        for (Event event : events) {
            assertFalse(event.token().equals(ID1), () -> "the old token must not be reported: " + events);
        }
    }

    @TckTest
    void reregisterChangesTheInterests() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        poll.registry().reregister(socket, ID1, Interest.READABLE);
        expectNoEvents(poll, events);
        send(sender, socket);
        Seen seen = awaitEvent(poll, events, ID1);
        assertTrue(seen.readable(), () -> "after reregister for READABLE: " + seen);
    }

    @TckTest
    void reregisterWithoutPollInBetweenUsesTheLastInterests() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.WRITABLE);
        poll.registry().reregister(socket, ID2, Interest.READABLE);
        send(sender, socket);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID2, Ready.READABLE));
    }

    @TckTest
    void reregisterRearmsPendingReadiness() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
        expectNoEvents(poll, events);
        poll.registry().reregister(socket, ID1, Interest.WRITABLE);
        expectEvents(poll, events, expect(ID1, Ready.WRITABLE));
    }

    @TckTest
    void noEventsAfterDeregister() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        poll.registry().deregister(socket);
        send(sender, socket);
        expectNoEvents(poll, Events.withCapacity(8));
        // the datagram did arrive: its event was missing because of the deregister
        assertNotNull(receiveWithin(socket, ByteBuffer.allocate(8), System.nanoTime() + BOUND.toNanos()),
                "the datagram must have arrived");
    }

    @TckTest
    void noEventsAfterDeregisterOfReadySource() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE.add(Interest.WRITABLE));
        send(sender, socket);
        // readiness is pending in the OS but not yet polled when the source is deregistered
        long deadline = System.nanoTime() + BOUND.toNanos();
        ByteBuffer peekBuffer = ByteBuffer.allocate(8);
        poll.registry().deregister(socket);
        expectNoEvents(poll, Events.withCapacity(8));
        assertNotNull(receiveWithin(socket, peekBuffer, deadline), "the datagram must still be there");
    }

    private static java.net.InetSocketAddress receiveWithin(UdpSocket socket, ByteBuffer buffer, long deadline)
            throws IOException {
        while (true) {
            java.net.InetSocketAddress from = socket.receive(buffer);
            if (from != null || System.nanoTime() - deadline > 0) {
                return from;
            }
            Thread.onSpinWait();
        }
    }

    @TckTest
    void registerAgainAfterDeregister() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        poll.registry().deregister(socket);
        poll.registry().register(socket, ID2, Interest.READABLE);
        send(sender, socket);
        expectEvents(poll, Events.withCapacity(8), expect(ID2, Ready.READABLE));
    }

    @TckTest
    void registerWithAnotherPollAfterDeregister() throws IOException {
        Poll first = openPoll();
        Poll second = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        first.registry().register(socket, ID1, Interest.READABLE);
        first.registry().deregister(socket);
        second.registry().register(socket, ID2, Interest.READABLE);
        send(sender, socket);
        expectEvents(second, Events.withCapacity(8), expect(ID2, Ready.READABLE));
        expectNoEvents(first, Events.withCapacity(8));
    }

    @TckTest
    void closingARegisteredSourceRemovesIt() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket other = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE.add(Interest.WRITABLE));
        poll.registry().register(other, ID2, Interest.WRITABLE);
        socket.close();
        assertFalse(socket.isOpen());
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID2, Ready.WRITABLE));
        for (Event event : events) {
            assertFalse(event.token().equals(ID1), () -> "a closed source must not be reported: " + events);
        }
        assertThrows(ClosedChannelException.class, () -> poll.registry().deregister(socket));
        assertThrows(ClosedChannelException.class, () -> poll.registry().reregister(socket, ID1, Interest.READABLE));
    }

    @TckTest
    void closingASourceAfterItsPollWasClosedSucceeds() throws IOException {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        poll.close();
        socket.close();
        assertFalse(socket.isOpen());
    }

    @TckTest
    void pollIsFineAfterDeregisteringAReadySource() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, ID1, Interest.READABLE);
        track(TcpStream.connect(listener.localAddress(), provider));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID1, Ready.READABLE));
        poll.registry().deregister(listener);
        // every later poll, the first one included, is free of it
        expectNoEventForThroughAWake(poll, events, ID1);
    }

    @TckTest
    void deregisterAndReregisterWhileEventsWaitBeyondTheCapacity() throws IOException {
        Poll poll = openPoll();
        UdpSocket[] sockets = new UdpSocket[3];
        for (int i = 0; i < sockets.length; i++) {
            sockets[i] = udp(IpFamily.IPV4);
            poll.registry().register(sockets[i], new Token(i), Interest.WRITABLE);
        }
        Events events = Events.withCapacity(1);
        for (int i = 0; i < EXPECT_POLLS && events.isEmpty(); i++) {
            poll.poll(events, EXPECT_TIMEOUT);
        }
        assertEquals(1, events.size(), () -> "three writable sockets, capacity one: " + events);
        // the other two wait in the backend for the next poll; change both before it
        java.util.List<Integer> waiting = new java.util.ArrayList<>(java.util.List.of(0, 1, 2));
        waiting.remove(Integer.valueOf((int) events.get(0).token().value()));
        UdpSocket deregistered = sockets[waiting.get(0)];
        Token deregisteredToken = new Token(waiting.get(0));
        Token oldToken = new Token(waiting.get(1));
        Token newToken = new Token(100);
        poll.registry().deregister(deregistered);
        poll.registry().reregister(sockets[waiting.get(1)], newToken, Interest.WRITABLE);
        boolean sawNew = false;
        for (int i = 0; i < 2 * EXPECT_POLLS && !sawNew; i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (Event event : events) {
                assertFalse(event.token().equals(deregisteredToken), () -> "a deregistered source was reported: " + events);
                assertFalse(event.token().equals(oldToken), () -> "a reregistered source kept its old token: " + events);
                sawNew |= event.token().equals(newToken);
            }
        }
        assertTrue(sawNew, "the reregistered source must be reported with its new token");
    }

    @TckTest
    void registerFromAnotherThreadWhileAPollIsBlockedTakesEffect() throws Exception {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), BLOCKED_POLL);
        polling.awaitBlocked();
        poll.registry().register(listener, ID1, Interest.READABLE);
        track(TcpStream.connect(listener.localAddress(), provider));
        // mio's register_during_poll: that one blocked poll returns early with the event
        assertHolds(polling.join(), expect(ID1, Ready.READABLE));
    }

    @TckTest
    void reregisterFromAnotherThreadWhileAPollIsBlockedTakesEffect() throws Exception {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), BLOCKED_POLL);
        polling.awaitBlocked();
        poll.registry().reregister(socket, ID2, Interest.WRITABLE);
        assertHolds(polling.join(), expect(ID2, Ready.WRITABLE));
    }

    @TckTest
    void deregisterFromAnotherThreadWhileAPollIsBlockedTakesEffect() throws Exception {
        Poll poll = openPoll();
        UdpSocket socket = udp(IpFamily.IPV4);
        UdpSocket witness = udp(IpFamily.IPV4);
        UdpSocket sender = udp(IpFamily.IPV4);
        poll.registry().register(socket, ID1, Interest.READABLE);
        poll.registry().register(witness, ID2, Interest.READABLE);
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), BLOCKED_POLL);
        polling.awaitBlocked();
        poll.registry().deregister(socket);
        send(sender, socket);
        // loopback queues a datagram within sendto, so the socket's data is there before the
        // witness's, whose event ends the blocked poll
        send(sender, witness);
        Events events = polling.join();
        assertHolds(events, expect(ID2, Ready.READABLE));
        for (Event event : events) {
            assertFalse(event.token().equals(ID1), () -> "a source deregistered during the poll was reported: " + events);
        }
        expectNoEventFor(poll, events, ID1);
        assertNotNull(socket.receive(ByteBuffer.allocate(8)), "the datagram the deregistered socket got must be there");
    }
}
