package io.mio;

import io.mio.FakeBackend.FakePoll;
import io.mio.FakeBackend.FakeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registration rules the API enforces once for every backend. */
class RegistryChecksTest {
    private final FakePoll poll = new FakeBackend.Up().openPoll();
    private final FakeSource source = new FakeSource(poll.provider());

    @AfterEach
    void close() throws IOException {
        poll.close();
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        Registry registry = poll.registry();
        assertTrue(assertThrows(NullPointerException.class,
                () -> registry.register(null, new Token(0), Interest.READABLE)).getMessage().contains("source"));
        assertTrue(assertThrows(NullPointerException.class,
                () -> registry.register(source, null, Interest.READABLE)).getMessage().contains("token"));
        assertTrue(assertThrows(NullPointerException.class,
                () -> registry.register(source, new Token(0), Interest.READABLE.remove(Interest.READABLE)))
                .getMessage().contains("never empty"));
        assertEquals(List.of(), poll.registry.calls);
    }

    @Test
    void registeringTwiceIsAnError() throws IOException {
        poll.registry().register(source, new Token(1), Interest.READABLE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> poll.registry().register(source, new Token(2), Interest.WRITABLE));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
        assertEquals(List.of("register 1 READABLE"), poll.registry.calls);
    }

    @Test
    void deregisteringAnUnregisteredSourceIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> poll.registry().deregister(source));
        assertTrue(e.getMessage().contains("not registered"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> poll.registry().reregister(source, new Token(1), Interest.READABLE));
    }

    @Test
    void closedSourceCannotBeRegistered() throws IOException {
        source.close();
        assertThrows(ClosedChannelException.class,
                () -> poll.registry().register(source, new Token(1), Interest.READABLE));
        assertEquals(1, source.closes);
        source.close();
        assertEquals(1, source.closes);
    }

    @Test
    void sourceOfAnotherBackendIsRejectedNamingBoth() {
        FakeSource foreign = new FakeSource(new FakeBackend.Other());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poll.registry().register(foreign, new Token(1), Interest.READABLE));
        assertTrue(e.getMessage().contains("'fake-other'") && e.getMessage().contains("'fake-up'"), e.getMessage());
    }

    @Test
    void sourceRegisteredWithOnePollCannotJoinAnother() throws IOException {
        try (FakePoll second = new FakeBackend.Up().openPoll()) { // another instance of the same backend
            poll.registry().register(source, new Token(1), Interest.READABLE);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> second.registry().register(source, new Token(1), Interest.READABLE));
            assertTrue(e.getMessage().contains("another poll"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> second.registry().deregister(source));
        }
    }

    @Test
    void closingARegisteredSourceDeregistersItFirst() throws IOException {
        poll.registry().register(source, new Token(1), Interest.READABLE);
        source.close();
        assertEquals(List.of("register 1 READABLE", "deregister"), poll.registry.calls);
        assertEquals(1, source.closes);
    }

    @Test
    void reregisterAndDeregisterReachTheBackendAndAllowRegisteringAgain() throws IOException {
        Registry registry = poll.registry();
        registry.register(source, new Token(1), Interest.READABLE);
        registry.reregister(source, new Token(2), Interest.WRITABLE.add(Interest.READABLE));
        registry.deregister(source);
        registry.register(source, new Token(3), Interest.PRIORITY);
        assertEquals(List.of("register 1 READABLE", "reregister 2 READABLE | WRITABLE", "deregister",
                "register 3 PRIORITY"), poll.registry.calls);
    }

    @Test
    void closedPollRefusesRegistrationAndWakers() throws IOException {
        poll.close();
        assertThrows(ClosedPollException.class,
                () -> poll.registry().register(source, new Token(1), Interest.READABLE));
        assertThrows(ClosedPollException.class, () -> Waker.open(poll.registry(), new Token(9)));
        assertThrows(ClosedPollException.class, () -> poll.poll(Events.withCapacity(1), null));
    }

    @Test
    void closingASourceOfAClosedPollDoesNotCallTheClosedBackend() throws IOException {
        poll.registry().register(source, new Token(1), Interest.READABLE);
        poll.close();
        source.close();
        assertEquals(List.of("register 1 READABLE"), poll.registry.calls);
        assertEquals(1, source.closes);
    }

    @Test
    void sourceOfAClosedPollCanJoinAnotherPoll() throws IOException {
        poll.registry().register(source, new Token(1), Interest.READABLE);
        poll.close();
        try (FakePoll second = new FakeBackend.Up().openPoll()) {
            second.registry().register(source, new Token(2), Interest.WRITABLE);
            assertEquals(List.of("register 2 WRITABLE"), second.registry.calls);
        }
    }

    @Test
    void closedSourceErrorNamesTheSource() throws IOException {
        source.close();
        ClosedChannelException e = assertThrows(ClosedChannelException.class,
                () -> poll.registry().register(source, new Token(1), Interest.READABLE));
        assertEquals("FakeSource[fake-up, closed] is closed", e.getMessage());
    }

    @Test
    void wakerAfterCloseIsAnError() throws IOException {
        Waker waker = Waker.open(poll.registry(), new Token(9));
        waker.wake();
        waker.close();
        waker.close();
        assertThrows(IllegalStateException.class, waker::wake);
        assertEquals(List.of("wake", "close waker"), poll.registry.calls);
    }
}
