package io.mio;

import io.mio.FakeBackend.FakePoll;
import io.mio.spi.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PollChecksTest {
    @Test
    void negativeTimeoutIsRejected() throws IOException {
        try (FakePoll poll = new FakeBackend.Up().openPoll()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poll.poll(Events.withCapacity(1), Duration.ofMillis(-1)));
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
            assertThrows(NullPointerException.class, () -> poll.poll(null, Duration.ZERO));
        }
    }

    @Test
    void pollReplacesThePreviousEvents() throws IOException {
        try (FakePoll poll = new FakeBackend.Up().openPoll()) {
            Events events = Events.withCapacity(4);
            poll.ready(new Token(1), Readiness.READABLE);
            poll.poll(events, Duration.ZERO);
            assertEquals(1, events.size());
            poll.poll(events, Duration.ZERO);
            assertTrue(events.isEmpty());
        }
    }

    @Test
    void secondThreadCannotPollWhileOneIsPolling() throws Exception {
        FakePoll poll = new FakeBackend.Up().openPoll();
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                poll.poll(Events.withCapacity(1), null);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(poll.polling.await(5, TimeUnit.SECONDS));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> poll.poll(Events.withCapacity(1), Duration.ZERO));
        assertTrue(e.getMessage().contains("already polling"), e.getMessage());
        // close wakes the blocked poll and waits for it before releasing the backend
        poll.close();
        blocked.get(5, TimeUnit.SECONDS);
        assertEquals(1, poll.closes);
        assertFalse(poll.isOpen());
        poll.close();
        assertEquals(1, poll.closes);
    }
}
