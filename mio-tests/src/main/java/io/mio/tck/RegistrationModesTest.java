package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Mode;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.Capability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registration modes an {@link Interest} carries ({@link Mode}): {@code EDGE} (the default),
 * {@code LEVEL} (an event on every poll while ready) and {@code ONESHOT} (one event, then nothing
 * until reregistered), and switching between them with a reregister. A backend without
 * {@link Capability#REGISTRATION_MODES} must refuse the other modes, loudly.
 */
public class RegistrationModesTest extends TckBase {
    private static final Token ID = new Token(1);
    private static final byte[] HELLO = "hello mio".getBytes(StandardCharsets.US_ASCII);

    /** Creates the test. */
    public RegistrationModesTest() {
    }

    // ------------------------------------------------------------------ edge, the default

    @TckTest
    void edgeReportsReadableOnceUntilAReadWouldBlock() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        TcpPair pair = serverWithInput(poll, Interest.READABLE.with(Mode.EDGE));
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        expectNoEventFor(poll, events, ID); // unread, but the edge was reported
        readExactly(pair.server(), HELLO.length);
        assertReadWouldBlock(pair.server());
        writeAll(pair.client(), HELLO);
        expectEvents(poll, events, expect(ID, Ready.READABLE)); // a new edge after would-block
    }

    // ------------------------------------------------------------------ level

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void levelRepeatsReadableOnEveryPollUntilDrained() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        TcpPair pair = serverWithInput(poll, Interest.READABLE.with(Mode.LEVEL));
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        assertEachPollReports(poll, events, Ready.READABLE, 3);
        ByteBuffer part = ByteBuffer.allocate(4);
        assertEquals(4, pair.server().read(part)); // a partial read leaves it ready
        assertEachPollReports(poll, events, Ready.READABLE, 2);
        readExactly(pair.server(), HELLO.length - 4);
        assertReadWouldBlock(pair.server());
        expectNoEventForThroughAWake(poll, events, ID);
        // data after a short read is seen: no read is answered without asking the kernel
        writeAll(pair.client(), HELLO);
        assertEachPollReports(poll, events, Ready.READABLE, 2);
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void levelRepeatsWritableOnEveryPoll() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.client(), ID, Interest.WRITABLE.with(Mode.LEVEL));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID, Ready.WRITABLE));
        assertEachPollReports(poll, events, Ready.WRITABLE, 3);
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void levelListenerRepeatsUntilEveryConnectionIsAccepted() throws IOException {
        Poll poll = openPoll();
        TcpListener listener = track(TcpListener.bind(loopback(IpFamily.IPV4), provider));
        poll.registry().register(listener, ID, Interest.READABLE.with(Mode.LEVEL));
        track(TcpStream.connect(listener.localAddress(), provider));
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        assertEachPollReports(poll, events, Ready.READABLE, 2);
        assertNotNull(track(acceptWithin(listener)));
        assertEquals(null, listener.accept());
        expectNoEventForThroughAWake(poll, events, ID);
    }

    // ------------------------------------------------------------------ oneshot

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void oneshotFiresOnceThenNothingUntilReregistered() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        TcpPair pair = serverWithInput(poll, Interest.READABLE.with(Mode.ONESHOT));
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        expectNoEventFor(poll, events, ID); // still readable, but the one event was given
        readExactly(pair.server(), HELLO.length);
        assertReadWouldBlock(pair.server()); // a would-block does not arm it either
        writeAll(pair.client(), HELLO);
        expectNoEventForThroughAWake(poll, events, ID);

        poll.registry().reregister(pair.server(), ID, Interest.READABLE.with(Mode.ONESHOT));
        assertOneEventThenNone(poll, events, Ready.READABLE); // the data waiting since
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void oneshotFiresOnceAfterAReregisterWithOtherInterests() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        TcpPair pair = serverWithInput(poll, Interest.READABLE.with(Mode.ONESHOT));
        expectEvents(poll, events, expect(ID, Ready.READABLE));

        poll.registry().reregister(pair.server(), ID, Interest.WRITABLE.with(Mode.ONESHOT));
        assertOneEventThenNone(poll, events, Ready.WRITABLE); // writable all along, and data unread

        Interest both = Interest.READABLE.add(Interest.WRITABLE).with(Mode.ONESHOT);
        poll.registry().reregister(pair.server(), ID, both);
        Event got = awaitOneEventFor(poll, events, ID);
        assertTrue(got.isReadable() || got.isWritable(), got::toString);
        expectNoEventForThroughAWake(poll, events, ID);
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void oneshotWithTwoInterestsFiresOnceThoughTheyBecomeReadyInDifferentPolls() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID, Interest.READABLE.add(Interest.WRITABLE).with(Mode.ONESHOT));
        Event got = awaitOneEventFor(poll, events, ID);
        assertTrue(got.isWritable(), got::toString); // writable at once; nothing to read yet

        writeAll(pair.client(), HELLO); // readable now: the registration gave its one event already
        expectNoEventForThroughAWake(poll, events, ID);

        poll.registry().reregister(pair.server(), ID, Interest.READABLE.with(Mode.ONESHOT));
        assertOneEventThenNone(poll, events, Ready.READABLE);
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
    }

    // ------------------------------------------------------------------ switching on reregister

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void reregisterSwitchesBetweenModes() throws IOException {
        Poll poll = openPoll();
        Events events = Events.withCapacity(8);
        TcpPair pair = serverWithInput(poll, Interest.READABLE); // left unread until the end: it stays readable
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        expectNoEventFor(poll, events, ID);

        poll.registry().reregister(pair.server(), ID, Interest.READABLE.with(Mode.LEVEL));
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        assertEachPollReports(poll, events, Ready.READABLE, 2);

        poll.registry().reregister(pair.server(), ID, Interest.READABLE); // back to edge: re-armed once
        assertOneEventThenNone(poll, events, Ready.READABLE);

        poll.registry().reregister(pair.server(), ID, Interest.READABLE.with(Mode.ONESHOT));
        assertOneEventThenNone(poll, events, Ready.READABLE);

        poll.registry().reregister(pair.server(), ID, Interest.READABLE.with(Mode.LEVEL));
        assertEachPollReports(poll, events, Ready.READABLE, 2);
        assertArrayEquals(HELLO, readExactly(pair.server(), HELLO.length));
        assertReadWouldBlock(pair.server());
        expectNoEventForThroughAWake(poll, events, ID);
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void aDelegatingSourcePassesTheModeOn() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        ComposedSourceTest.Connection connection = new ComposedSourceTest.Connection(pair.server());
        poll.registry().register(connection, ID, Interest.READABLE.with(Mode.LEVEL));
        writeAll(pair.client(), HELLO);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(ID, Ready.READABLE));
        assertEachPollReports(poll, events, Ready.READABLE, 2);
        poll.registry().reregister(connection, ID, Interest.READABLE.with(Mode.ONESHOT));
        assertOneEventThenNone(poll, events, Ready.READABLE);
    }

    // ------------------------------------------------------------------ closing another source

    @TckTest
    void anEdgeThatIsReadyOutlivesTheCloseOfAnotherSource() throws IOException {
        Poll poll = openPoll();
        assertOneEventThenNone(poll, readyThenCloseAnother(poll, Mode.EDGE), Ready.READABLE);
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void aLevelRegistrationThatIsReadyOutlivesTheCloseOfAnotherSource() throws IOException {
        Poll poll = openPoll();
        assertEachPollReports(poll, readyThenCloseAnother(poll, Mode.LEVEL), Ready.READABLE, 3);
    }

    @TckTest
    @Requires(Capability.REGISTRATION_MODES)
    void aOneshotThatIsReadyOutlivesTheCloseOfAnotherSource() throws IOException {
        Poll poll = openPoll();
        assertOneEventThenNone(poll, readyThenCloseAnother(poll, Mode.ONESHOT), Ready.READABLE);
    }

    // ------------------------------------------------------------------ a backend without modes

    @TckTest
    @Requires(absent = Capability.REGISTRATION_MODES)
    void aBackendWithoutModesRefusesLevelAndOneshot() throws IOException {
        Poll poll = openPoll();
        TcpPair pair = tcpPair(IpFamily.IPV4);
        for (Mode mode : new Mode[] {Mode.LEVEL, Mode.ONESHOT}) {
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> poll.registry().register(pair.server(), ID, Interest.READABLE.with(mode)));
            assertMessageNames(refused, "REGISTRATION_MODES");
        }
        poll.registry().register(pair.server(), ID, Interest.READABLE); // edge, and still unregistered before
        assertThrows(UnsupportedOperationException.class,
                () -> poll.registry().reregister(pair.server(), ID, Interest.READABLE.with(Mode.LEVEL)));
    }

    // ------------------------------------------------------------------ helpers

    /** A connected pair whose server side is registered as {@link #ID} and has input waiting. */
    private TcpPair serverWithInput(Poll poll, Interest interests) throws IOException {
        TcpPair pair = tcpPair(IpFamily.IPV4);
        poll.registry().register(pair.server(), ID, interests);
        writeAll(pair.client(), HELLO);
        return pair;
    }

    /**
     * Registers a server side with input waiting as {@link #ID} in {@code mode}, then closes another
     * registered source while no poll runs: a backend that must select to release a closed
     * descriptor (the JDK's Selector) does so now, and must keep what that select saw.
     *
     * @return events to poll with
     */
    private Events readyThenCloseAnother(Poll poll, Mode mode) throws IOException {
        serverWithInput(poll, Interest.READABLE.with(mode));
        TcpPair other = tcpPair(IpFamily.IPV4);
        poll.registry().register(other.server(), new Token(2), Interest.READABLE);
        other.server().close();
        return Events.withCapacity(8);
    }

    /** One event with {@code flag} for {@link #ID}, then none (up to a poll that a wake ended). */
    private void assertOneEventThenNone(Poll poll, Events events, Ready flag) throws IOException {
        expectEvents(poll, events, expect(ID, flag));
        expectNoEventForThroughAWake(poll, events, ID);
    }

    /** Each of {@code polls} polls in a row must report {@code flag} for {@link #ID} (level). */
    private void assertEachPollReports(Poll poll, Events events, Ready flag, int polls) throws IOException {
        for (int i = 1; i <= polls; i++) {
            poll.poll(events, EXPECT_TIMEOUT); // a ready level registration ends the poll at once
            boolean seen = false;
            for (Event event : events) {
                seen |= event.token().equals(ID) && flag.in(event);
            }
            int nth = i;
            assertTrue(seen, () -> "[" + backend() + "] poll " + nth + " of " + polls + " in a row lacks " + flag
                    + " for the level registration: " + events);
        }
    }

    /** The first poll with an event for {@code token} must hold exactly one for it. */
    private Event awaitOneEventFor(Poll poll, Events events, Token token) throws IOException {
        for (int i = 0; i < EXPECT_POLLS; i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            Event found = null;
            for (Event event : events) {
                if (event.token().equals(token)) {
                    assertEquals(null, found, () -> "[" + backend() + "] two events in one poll: " + events);
                    found = event;
                }
            }
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("[" + backend() + "] no event for token " + token.value());
    }
}
