package io.mio.tck;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.spi.Capability;
import io.mio.unix.Pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Non-blocking pipes; after mio's {@code tests/unix_pipe.rs}. Needs {@link Capability#PIPES}. */
public class PipeTest extends TckBase {
    private static final Token SENDER = new Token(0);
    private static final Token RECEIVER = new Token(1);
    private static final byte[] DATA = "pipe data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Creates the test. */
    public PipeTest() {
    }

    private Pipe pipe() throws IOException {
        requires(Capability.PIPES);
        return track(Pipe.open(provider));
    }

    private byte[] readExactly(Pipe.Receiver receiver, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (buffer.hasRemaining()) {
            int n = receiver.read(buffer);
            assertTrue(n >= 0, "unexpected end of stream");
            if (n == 0) {
                assertTrue(System.nanoTime() - deadline < 0, "data did not arrive within " + BOUND);
                LockSupport.parkNanos(100_000);
            }
        }
        return buffer.array();
    }

    @TckTest
    @Requires(Capability.PIPES)
    void senderIsWritableAndReceiverReadableAfterAWrite() throws IOException {
        Poll poll = openPoll();
        Pipe pipe = pipe();
        poll.registry().register(pipe.sender(), SENDER, Interest.WRITABLE);
        poll.registry().register(pipe.receiver(), RECEIVER, Interest.READABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(SENDER, Ready.WRITABLE));
        assertEquals(DATA.length, pipe.sender().write(ByteBuffer.wrap(DATA)));
        expectEvents(poll, events, expect(RECEIVER, Ready.READABLE));
        assertArrayEquals(DATA, readExactly(pipe.receiver(), DATA.length));
        assertEquals(0, pipe.receiver().read(ByteBuffer.allocate(8)), "an empty pipe would block");
    }

    @TckTest
    @Requires(Capability.PIPES)
    void vectoredWriteAndRead() throws IOException {
        Pipe pipe = pipe();
        assertEquals(5, pipe.sender().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2}),
                ByteBuffer.wrap(new byte[] {3, 4, 5})}));
        ByteBuffer[] in = {ByteBuffer.allocate(3), ByteBuffer.allocate(2)};
        long total = 0;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (total < 5) {
            long n = pipe.receiver().read(in);
            assertTrue(n >= 0);
            total += n;
            assertTrue(System.nanoTime() - deadline < 0, "data did not arrive");
        }
        assertArrayEquals(new byte[] {1, 2, 3}, in[0].array());
        assertArrayEquals(new byte[] {4, 5}, in[1].array());
    }

    @TckTest
    @Requires(Capability.PIPES)
    void closingTheSenderGivesTheReceiverEndOfStream() throws IOException {
        Poll poll = openPoll();
        Pipe pipe = pipe();
        poll.registry().register(pipe.receiver(), RECEIVER, Interest.READABLE);
        pipe.sender().close();
        // epoll reports an empty pipe whose writer closed as EPOLLHUP only: read-closed, not readable
        // (mio's tests/unix_pipe.rs event_when_sender_is_dropped); a backend that cannot report
        // read-closed reports it as readable
        Ready expected = provider.capabilities().contains(Capability.READ_CLOSED_EVENTS)
                ? Ready.READ_CLOSED : Ready.READABLE;
        expectEvents(poll, Events.withCapacity(8), expect(RECEIVER, expected));
        assertEquals(-1, pipe.receiver().read(ByteBuffer.allocate(8)));
    }

    @TckTest
    @Requires({Capability.PIPES, Capability.READ_CLOSED_EVENTS})
    void closingTheSenderGivesTheReceiverAReadClosedEvent() throws IOException {
        Poll poll = openPoll();
        Pipe pipe = pipe();
        poll.registry().register(pipe.receiver(), RECEIVER, Interest.READABLE);
        pipe.sender().close();
        expectEvents(poll, Events.withCapacity(8), expect(RECEIVER, Ready.READ_CLOSED));
    }

    @TckTest
    @Requires(Capability.PIPES)
    void closingTheReceiverMakesWritesFail() throws IOException {
        Poll poll = openPoll();
        Pipe pipe = pipe();
        poll.registry().register(pipe.sender(), SENDER, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(SENDER, Ready.WRITABLE));
        pipe.receiver().close();
        assertIoFailure(() -> pipe.sender().write(ByteBuffer.wrap(DATA)), "broken pipe");
    }

    @TckTest
    @Requires({Capability.PIPES, Capability.WRITE_CLOSED_EVENTS})
    void closingTheReceiverGivesTheSenderAWriteClosedEvent() throws IOException {
        Poll poll = openPoll();
        Pipe pipe = pipe();
        poll.registry().register(pipe.sender(), SENDER, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(SENDER, Ready.WRITABLE));
        pipe.receiver().close();
        expectEvents(poll, events, expect(SENDER, Ready.WRITE_CLOSED));
    }

    @TckTest
    @Requires(Capability.PIPES)
    void fillingThePipeWouldBlockAndDrainingMakesItWritableAgain() throws IOException {
        Poll poll = openPoll();
        Pipe pipe = pipe();
        poll.registry().register(pipe.sender(), SENDER, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        expectEvents(poll, events, expect(SENDER, Ready.WRITABLE));
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long written = 0;
        int n;
        while ((n = pipe.sender().write(chunk.clear())) > 0) {
            written += n;
            assertTrue(written < (64L << 20), "a pipe must fill up");
        }
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long read = 0;
        while (read < written) {
            int r = pipe.receiver().read(in.clear());
            assertTrue(r > 0, "written data must be readable");
            read += r;
        }
        expectEvents(poll, events, expect(SENDER, Ready.WRITABLE));
    }

    @TckTest
    @Requires(absent = Capability.PIPES)
    void pipesWithoutTheCapabilityAreUnsupported() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Pipe.open(provider));
        assertMessageNames(e, backend(), "PIPES");
    }
}
