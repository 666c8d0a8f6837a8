package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A stress of the registry under a polling thread: 4 threads make 100,000 operations between them
 * on TCP connections whose read ends are registered with one poll (writes to the other end,
 * reregistering with widened and narrowed interests, deregistering and registering anew under a new
 * token, closing a registered connection and opening another), while one thread polls and reads every
 * readable connection until its read would block. No event may be lost (every byte written is read,
 * which only the readable events drive), no event may come for a token from a poll that began after
 * its deregistration (or close) returned, and nothing may crash. A one-shot backend re-arms and
 * cancels polls in flight all along here.
 */
public class ChurnStressTest extends TckBase {
    private static final int WORKERS = 4;
    private static final int OPERATIONS = 100_000;
    private static final int CONNECTIONS = 8;
    private static final Duration DRAIN = Duration.ofSeconds(10);

    /** Creates the test. */
    public ChurnStressTest() {
    }

    /** A connection whose reader is registered and read by the poller; its writer is a worker's. */
    private static final class Connection {
        final TcpStream reader;
        final TcpStream writer;
        final AtomicLong written = new AtomicLong();
        final AtomicLong read = new AtomicLong();
        /** The token registered now (worker's). */
        Token token;
        boolean wide;
        /** Set under the connection's monitor when it closes; the poller reads under it too. */
        boolean closed;

        Connection(TcpStream reader, TcpStream writer) {
            this.reader = reader;
            this.writer = writer;
        }
    }

    /** What the threads share. */
    private final class Shared {
        final Poll poll;
        final AtomicLong tokens = new AtomicLong();
        /** The number of polls begun (the poller counts before each). */
        final AtomicLong polls = new AtomicLong();
        final Map<Long, Connection> byToken = new ConcurrentHashMap<>();
        /** Token -> the poll count read right after its deregistration (or close) returned. */
        final Map<Long, Long> ended = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Shared(Poll poll) {
            this.poll = poll;
        }

        void register(Connection c, Interest interests) throws IOException {
            c.token = new Token(tokens.incrementAndGet());
            byToken.put(c.token.value(), c);
            poll.registry().register(c.reader, c.token, interests);
        }

        void ended(Token token) {
            ended.put(token.value(), polls.get());
        }
    }

    @TckTest
    void noEventIsLostAndNoneComesAfterDeregisterUnderAHundredThousandConcurrentRegistryOperations()
            throws Exception {
        Shared shared = new Shared(openPoll());
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller = start("churn-poller", () -> poll(shared, stop));
        List<Thread> workers = new ArrayList<>();
        List<List<Connection>> all = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            List<Connection> mine = new ArrayList<>();
            all.add(mine);
            long seed = 0x5EED_0000L + w;
            workers.add(start("churn-" + w, () -> {
                try {
                    work(shared, mine, new SplittableRandom(seed));
                } catch (Throwable e) {
                    shared.failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(120).toMillis());
        }
        try {
            assertNull(shared.failure.get(), () -> "[" + backend() + "] " + shared.failure.get());
            for (List<Connection> mine : all) {
                for (Connection c : mine) {
                    awaitDrained(c); // the last bytes written: read only if their events came
                }
            }
        } finally {
            stop.set(true);
            join(poller);
        }
        assertNull(shared.failure.get(), () -> "[" + backend() + "] " + shared.failure.get());
    }

    /** The poller: reads every readable connection until would-block; checks no event after deregister. */
    private void poll(Shared shared, AtomicBoolean stop) {
        Events events = Events.withCapacity(64);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!stop.get()) {
                long begun = shared.polls.incrementAndGet();
                shared.poll.poll(events, Duration.ofMillis(50));
                for (Event event : events) {
                    long token = event.token().value();
                    Long endedAt = shared.ended.get(token);
                    if (endedAt != null && begun > endedAt) {
                        throw new AssertionError("[" + backend() + "] an event for token " + token
                                + " from a poll begun after its deregistration returned: " + event);
                    }
                    Connection c = shared.byToken.get(token);
                    if (c != null && event.isReadable()) {
                        drain(c, buffer);
                    }
                }
            }
        } catch (Throwable e) {
            shared.failure.compareAndSet(null, e);
        }
    }

    private static void drain(Connection c, ByteBuffer buffer) throws IOException {
        synchronized (c) {
            if (c.closed) {
                return; // a late event of a connection closed meanwhile
            }
            int n;
            while ((n = c.reader.read(buffer.clear())) > 0) {
                c.read.addAndGet(n);
            }
            if (n < 0) {
                throw new AssertionError("end of stream on a connection that is still open");
            }
        }
    }

    private void work(Shared shared, List<Connection> mine, SplittableRandom random) throws Exception {
        try (TcpListener listener = TcpListener.bind(loopback(IpFamily.IPV4), provider)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                mine.add(open(shared, listener));
            }
            ByteBuffer data = ByteBuffer.allocateDirect(256);
            for (int op = 0; op < OPERATIONS / WORKERS && shared.failure.get() == null; op++) {
                int index = random.nextInt(CONNECTIONS);
                Connection c = mine.get(index);
                int kind = random.nextInt(100);
                if (kind < 60) {
                    data.clear().limit(1 + random.nextInt(256));
                    c.written.addAndGet(c.writer.write(data)); // 0 when the buffers are full
                } else if (kind < 75) {
                    c.wide = !c.wide; // widen to both interests, or narrow back
                    shared.poll.registry().reregister(c.reader, c.token,
                            c.wide ? Interest.READABLE.add(Interest.WRITABLE) : Interest.READABLE);
                } else if (kind < 98) {
                    Token old = c.token;
                    shared.poll.registry().deregister(c.reader);
                    shared.ended(old);
                    c.wide = false;
                    shared.register(c, Interest.READABLE); // what was written meanwhile must be reported
                } else {
                    awaitDrained(c);
                    synchronized (c) {
                        c.closed = true;
                        c.reader.close(); // closing a registered source deregisters it
                        c.writer.close();
                    }
                    shared.ended(c.token);
                    mine.set(index, open(shared, listener));
                }
            }
        }
    }

    private Connection open(Shared shared, TcpListener listener) throws IOException {
        TcpStream reader = TcpStream.connect(listener.localAddress(), provider);
        TcpStream writer = acceptWithin(listener); // the accepted end is established: written at once
        Connection c = new Connection(track(reader), track(writer));
        shared.register(c, Interest.READABLE);
        return c;
    }

    private void awaitDrained(Connection c) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (c.read.get() != c.written.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("[" + backend() + "] lost event: " + (c.written.get() - c.read.get())
                        + " of " + c.written.get() + " bytes written to token " + c.token.value()
                        + " were never reported readable");
            }
            LockSupport.parkNanos(50_000); // leave the CPU to the poller (a container may have one)
        }
    }
}
