package io.mio.kqueue;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.UnixStream;
import io.mio.posix.FdSource;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What is kqueue's own: one knote per interest, merged into one event per descriptor, and the
 * per-change errors of EV_RECEIPT. Runs wherever kqueue is available (over the shim on Linux).
 */
class KqueuePollTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @BeforeEach
    void kqueueIsAvailable() throws Exception {
        var availability = new KqueueProvider().availability();
        assumeTrue(availability.available(), () -> "kqueue is unavailable here: " + availability.cause());
    }

    @Test
    void theReadAndWriteKnotesOfOneDescriptorComeAsOneEvent() throws Exception {
        try (Poll poll = Poll.open("kqueue")) {
            UnixStream[] pair = UnixStream.pair(poll.provider());
            try {
                pair[1].write(ByteBuffer.wrap(new byte[] {1}));
                poll.registry().register(pair[0], new Token(1), Interest.READABLE.add(Interest.WRITABLE));
                Events events = Events.withCapacity(8);
                poll.poll(events, LONG);
                assertEquals(1, events.size(), events.toString());
                assertTrue(events.get(0).isReadable() && events.get(0).isWritable(), events.toString());
            } finally {
                pair[0].close();
                pair[1].close();
            }
        }
    }

    @Test
    void registeringAClosedDescriptorFailsNamingEbadfAndTheDescriptor() throws Exception {
        try (Poll poll = Poll.open("kqueue")) {
            Pipe pipe = Pipe.open(poll.provider());
            int fd = ((FdSource) pipe.receiver()).fd();
            pipe.close();
            SourceFd closed = SourceFd.of(fd, poll.provider());
            IOException e = assertThrows(IOException.class,
                    () -> poll.registry().register(closed, new Token(2), Interest.READABLE));
            assertTrue(e.getMessage().contains("EBADF") && e.getMessage().contains("ident " + fd), e.getMessage());
        }
    }

    @Test
    void reregisteringWithoutWritableDeletesTheWriteKnote() throws Exception {
        try (Poll poll = Poll.open("kqueue"); Pipe pipe = Pipe.open(poll.provider())) {
            SourceFd both = SourceFd.of(((FdSource) pipe.sender()).fd(), poll.provider());
            poll.registry().register(both, new Token(3), Interest.WRITABLE);
            Events events = Events.withCapacity(8);
            poll.poll(events, LONG);
            assertEquals(1, events.size(), "an empty pipe is writable: " + events);
            // READABLE only: the write knote goes (EV_DELETE) and the read knote of a write end never fires
            poll.registry().reregister(both, new Token(3), Interest.READABLE);
            poll.poll(events, Duration.ofMillis(50));
            assertTrue(events.isEmpty(), events.toString());
        }
    }
}
