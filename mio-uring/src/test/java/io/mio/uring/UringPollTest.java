package io.mio.uring;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;
import io.mio.tck.DescriptorLeakTest;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is the uring backend's own: the ring's layout as the kernel reports it, multishot polls,
 * slots and descriptors given back after many connect/close cycles, completions beyond the CQ's
 * size (overflow) all delivered, the read elision over one-shot and multishot polls, and the
 * availability probe.
 */
class UringPollTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static UringProvider provider() throws IOException {
        return (UringProvider) PollProvider.named(UringProvider.NAME);
    }

    @Test
    void theRingHasTheSizesAskedForAsTheKernelReportsThemThroughTheOffsets() throws Exception {
        UringDriver driver = UringDriver.open(8, 32, true);
        try {
            // sizes read from the mapped ring at the offsets io_uring_params gave: a wrong offset reads 0 or garbage
            assertEquals(8, driver.sqEntries());
            assertEquals(32, driver.cqEntries());
        } finally {
            driver.close();
        }
    }

    @Test
    void aPostedNopAndAPollComeBackWithTheirSlotsAndReadiness() throws Exception {
        UringDriver driver = UringDriver.open(8, 32, true);
        try (Pipe pipe = Pipe.open(provider())) {
            // opcode, fd, poll mask and user_data in the SQE; user_data and res in the CQE
            pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
            driver.post(5);
            driver.submitPoll(io.mio.posix.PosixSockets.fd(pipe.receiver()), Readiness.READABLE, 7);
            int n = awaitCompletions(driver, 2);
            assertEquals(2, n, "completions");
            java.util.Map<Integer, Integer> results = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                results.put(driver.slot(i), driver.result(i));
            }
            driver.consume(n);
            assertEquals(0, results.get(5), "the NOP's result");
            assertEquals(Readiness.READABLE, results.get(7) & Readiness.READABLE, "the poll's readiness: " + results);
        } finally {
            driver.close();
        }
    }

    @Test
    void aMultishotPollCompletesOncePerWakeUpUntilCancelled() throws Exception {
        UringDriver driver = UringDriver.open(8, 32, true);
        try (Pipe pipe = Pipe.open(provider())) {
            assertTrue(driver.multishot(), "Linux 5.13+ here (6.18): multishot polls");
            driver.submitMultishotPoll(io.mio.posix.PosixSockets.fd(pipe.receiver()), Readiness.READABLE, 4);
            for (int wakeUp = 0; wakeUp < 3; wakeUp++) {
                pipe.sender().write(ByteBuffer.wrap(new byte[] {1})); // nothing read: each write is a wake-up
                assertEquals(1, awaitCompletions(driver, 1), "one completion per wake-up");
                assertEquals(4, driver.slot(0));
                assertEquals(Readiness.READABLE, driver.result(0) & Readiness.READABLE);
                assertTrue(driver.more(0), "the poll stays in flight");
                driver.consume(1);
            }
            driver.cancelPoll(io.mio.posix.PosixSockets.fd(pipe.receiver()), 4);
            driver.flush();
            int n = awaitCompletions(driver, 2); // the poll's last completion and the cancellation's own
            int last = -1;
            for (int i = 0; i < n; i++) {
                if (driver.slot(i) == 4) {
                    last = i;
                }
            }
            assertTrue(last >= 0, "the cancelled poll's last completion");
            assertEquals(UringDriver.CANCELLED, driver.result(last));
            assertTrue(!driver.more(last), "its last completion says no more follow");
            driver.consume(n);
        } finally {
            driver.close();
        }
    }

    private static int awaitCompletions(UringDriver driver, int atLeast) throws IOException {
        int n = 0;
        long deadline = System.nanoTime() + LONG.toNanos();
        while (n < atLeast && System.nanoTime() < deadline) {
            n = driver.await(Duration.ofSeconds(1).toNanos());
        }
        return n;
    }

    @Test
    void anEdgeRegistrationReportsNewDataAgainBeforeAnyWouldBlockAsEpollDoes() throws Exception {
        withRegisteredStream(true, (poll, client, server, token) -> {
            Events events = Events.withCapacity(16);
            for (int arrival = 0; arrival < 3; arrival++) {
                // nothing is read: a one-shot emulation would wait for a would-block, the multishot
                // poll reports each arrival, as EPOLLET does
                assertEquals(10, client.write(ByteBuffer.allocateDirect(10)));
                awaitToken(poll, events, token);
            }
        });
    }

    /** What a test does with a poll and a connected loopback pair whose server end is registered. */
    private interface WithStream {
        void run(UringPoll poll, TcpStream client, TcpStream server, Token token) throws Exception;
    }

    /** Runs {@code body} with a new poll (multishot edge polls or not) and a pair, the server end registered readable. */
    private static void withRegisteredStream(boolean multishot, WithStream body) throws Exception {
        UringProvider provider = provider();
        Token token = new Token(3);
        try (UringPoll poll = UringPoll.open(provider, 64, 256, multishot);
             TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), provider);
             TcpStream client = TcpStream.connect(listener.localAddress(), provider);
             TcpStream server = accept(listener)) {
            poll.registry().register(server, token, Interest.READABLE);
            body.run(poll, client, server, token);
        }
    }

    @Test
    void uringIsAvailableHereOrSaysWhy() throws IOException {
        var availability = provider().availability();
        assertTrue(availability.available(), "this machine runs io_uring: " + availability.cause());
        assertEquals(75, provider().priority());
    }

    @Test
    void kernelReleasesAreCompared() {
        assertTrue(UringProvider.atLeast("6.18.44-fc-v657", 5, 11));
        assertTrue(UringProvider.atLeast("5.11.0", 5, 11));
        assertTrue(!UringProvider.atLeast("5.10.200-generic", 5, 11));
        assertTrue(!UringProvider.atLeast("4.19", 5, 11));
    }

    @Test
    void tenThousandConnectCloseCyclesLeakNoDescriptorAndNoRingEntry() throws Exception {
        UringProvider provider = provider();
        long before = DescriptorLeakTest.openDescriptors();
        try (UringPoll poll = (UringPoll) provider.openPoll();
             TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), provider)) {
            Events events = Events.withCapacity(16);
            Token client = new Token(1);
            Token server = new Token(2);
            for (int i = 0; i < 10_000; i++) {
                try (TcpStream a = TcpStream.connect(listener.localAddress(), provider);
                     TcpStream b = accept(listener)) {
                    poll.registry().register(a, client, Interest.READABLE.add(Interest.WRITABLE));
                    poll.registry().register(b, server, Interest.READABLE);
                    poll.poll(events, Duration.ZERO); // submits both polls: each close cancels one in flight
                    if (i % 2 == 0 && !has(events, client)) {
                        awaitToken(poll, events, client); // half the cycles see an event first
                    }
                }
            }
            // the cancelled polls' completions come back with the next polls; then every slot is free
            long deadline = System.nanoTime() + LONG.toNanos();
            while (poll.slotsInUse() != 0 && System.nanoTime() < deadline) {
                poll.poll(events, Duration.ofMillis(10));
            }
            assertEquals(0, poll.slotsInUse(), "ring entries (slots with a poll in flight or registered)");
        }
        assertEquals(before, DescriptorLeakTest.openDescriptors(), "descriptors after 10,000 cycles and close");
    }

    @ParameterizedTest(name = "multishot {0}")
    @ValueSource(booleans = {false, true})
    void theReadAfterAShortReadIsElidedAndTheNextDataStillComesWithAnEvent(boolean multishot) throws Exception {
        // one-shot polls: the elided read's would-block re-arms the poll; multishot: the kernel reports the edge
        withRegisteredStream(multishot, (poll, client, server, token) -> {
            Events events = Events.withCapacity(16);
            ByteBuffer in = ByteBuffer.allocateDirect(256);
            for (int round = 0; round < 3; round++) {
                assertEquals(10, client.write(ByteBuffer.allocateDirect(10)));
                awaitToken(poll, events, token);
                assertEquals(10, server.read(in.clear()), "a short read");
                // loopback: the write has queued its bytes at the server when it returns
                assertEquals(20, client.write(ByteBuffer.allocateDirect(20)));
                assertEquals(0, server.read(in.clear()), "the read after a short read is answered would-block, "
                        + "although the data is there (without the elision the kernel would return it)");
                awaitToken(poll, events, token);
                assertEquals(20, server.read(in.clear()), "after the event the read reaches the kernel");
                assertEquals(0, server.read(in.clear()));
            }
        });
    }

    private static TcpStream accept(TcpListener listener) throws IOException {
        long deadline = System.nanoTime() + LONG.toNanos();
        TcpStream accepted;
        while ((accepted = listener.accept()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no connection to accept");
            }
            Thread.onSpinWait(); // loopback: the connection is queued at once
        }
        return accepted;
    }

    private static boolean has(Events events, Token token) {
        for (Event e : events) {
            if (e.token().equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static void awaitToken(Poll poll, Events events, Token token) throws IOException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            poll.poll(events, LONG);
            if (has(events, token)) {
                return;
            }
        }
        throw new AssertionError("no event for " + token);
    }

    @Test
    void completionsBeyondTheCompletionQueueAreAllDelivered() throws Exception {
        UringProvider provider = provider();
        int sources = 300; // a CQ of 16: most completions wait in the kernel's overflow list
        List<Pipe> pipes = new ArrayList<>();
        try (UringPoll poll = UringPoll.open(provider, 8, 16, true)) {
            for (int i = 0; i < sources; i++) {
                Pipe pipe = Pipe.open(provider);
                pipes.add(pipe);
                poll.registry().register(pipe.receiver(), new Token(i), Interest.READABLE);
            }
            poll.poll(Events.withCapacity(1), Duration.ZERO); // submits every poll (8 at a time)
            for (Pipe pipe : pipes) {
                pipe.sender().write(ByteBuffer.wrap(new byte[] {1})); // all complete at once
            }
            BitSet seen = new BitSet();
            Events events = Events.withCapacity(7);
            long deadline = System.nanoTime() + LONG.toNanos();
            while (seen.cardinality() < sources && System.nanoTime() < deadline) {
                poll.poll(events, Duration.ofSeconds(1));
                for (Event e : events) {
                    assertTrue(e.isReadable());
                    seen.set((int) e.token().value());
                }
            }
            assertEquals(sources, seen.cardinality(), "readable sources reported");
        } finally {
            for (Pipe pipe : pipes) {
                pipe.close();
            }
        }
    }
}
