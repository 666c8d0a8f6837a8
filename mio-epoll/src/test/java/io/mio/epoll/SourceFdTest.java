package io.mio.epoll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.posix.PosixSockets;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A raw descriptor the user owns (here a pipe's read end made by mio-posix) registered as a SourceFd. */
@Timeout(20)
class SourceFdTest {
    @Test
    void aPipeReadEndRegisteredAsSourceFdReportsReadableAndStaysOpenAfterClose() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe pipe = Pipe.open(poll.provider())) {
            int fd = PosixSockets.fd(pipe.receiver());
            SourceFd raw = SourceFd.of(fd, poll.provider());
            assertEquals(fd, raw.fd());
            Token token = new Token(42);
            poll.registry().register(raw, token, Interest.READABLE);

            Events events = Events.withCapacity(4);
            poll.poll(events, Duration.ofMillis(50));
            assertTrue(events.isEmpty(), "empty pipe reported " + events);

            pipe.sender().write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            pollUntilNotEmpty(poll, events);
            assertEquals(1, events.size(), events.toString());
            assertEquals(token, events.get(0).token());
            assertTrue(events.get(0).isReadable());

            // closing the SourceFd deregisters it but leaves the descriptor to its owner
            raw.close();
            ByteBuffer read = ByteBuffer.allocate(16);
            assertEquals(5, pipe.receiver().read(read));
            pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
            poll.poll(events, Duration.ofMillis(50));
            assertTrue(events.isEmpty(), "event after the SourceFd was closed: " + events);
        }
    }

    @Test
    void aPipeWriteEndSeesWriteClosedWhenTheReadEndCloses() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe pipe = Pipe.open(poll.provider())) {
            Token token = new Token(9);
            poll.registry().register(pipe.sender(), token, Interest.WRITABLE);
            Events events = Events.withCapacity(4);
            pollUntilNotEmpty(poll, events);
            assertTrue(events.get(0).isWritable(), events.toString());
            pipe.receiver().close();
            pollUntilNotEmpty(poll, events);
            // epoll reports EPOLLERR (with EPOLLOUT) on a pipe whose reader is gone: mio's write-closed
            assertTrue(events.get(0).isWriteClosed(), events.toString());
            assertTrue(events.get(0).isError(), events.toString());
        }
    }

    private static void pollUntilNotEmpty(Poll poll, Events events) throws Exception {
        for (int attempt = 0; attempt < 6; attempt++) {
            poll.poll(events, Duration.ofMillis(500));
            if (!events.isEmpty()) {
                return;
            }
        }
    }
}
