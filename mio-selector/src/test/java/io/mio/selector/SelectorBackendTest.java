package io.mio.selector;

import io.mio.ClosedSourceException;
import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is particular to the selector backend, beyond the TCK: the descriptor of a closed registered
 * channel is really released (JDK-8198692), events beyond the capacity come with the next poll, the
 * edge emulation re-arms only after would-block, and the JDK gaps it works around (empty
 * datagrams, peek, abstract names).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorBackendTest {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Path FDS = Path.of("/proc/self/fd");

    private final Deque<Closeable> opened = new ArrayDeque<>();
    private PollProvider provider;

    @BeforeEach
    void setUp() throws IOException {
        provider = PollProvider.named("selector");
    }

    @AfterEach
    void closeEverything() throws IOException {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    private <T extends Closeable> T open(T resource) {
        opened.push(resource);
        return resource;
    }

    // ---- the provider ----

    @Test
    void providerIsFoundByNameWithPriorityZeroAndHonestCapabilities() throws IOException {
        assertInstanceOf(SelectorPollProvider.class, provider);
        assertEquals(0, provider.priority());
        assertTrue(provider.availability().available(), provider.availability()::toString);
        Set<Capability> capabilities = provider.capabilities();
        for (Capability absent : new Capability[] {Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS,
                Capability.PRIORITY_EVENTS, Capability.UNIX_DATAGRAM, Capability.UNIX_ABSTRACT_NAMES,
                Capability.RAW_FD_SOURCES, Capability.IP_TTL, Capability.IPV6_V6ONLY}) {
            assertFalse(capabilities.contains(absent), "must not claim " + absent);
        }
        assertTrue(capabilities.containsAll(Set.of(Capability.PEEK, Capability.PIPES, Capability.ERROR_EVENTS,
                Capability.MULTICAST)), capabilities::toString);
    }

    @Test
    void abstractUnixNameIsUnsupportedNamingTheCapability() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> UnixListener.bind(UnixAddress.ofAbstract("mio-test"), provider));
        assertTrue(e.getMessage().contains("UNIX_ABSTRACT_NAMES"), e::getMessage);
    }

    // ---- descriptors really released ----

    @Test
    void closingRegisteredSourcesReleasesTheirDescriptors() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd to count descriptors");
        Poll poll = open(provider.openPoll());
        TcpStream.connect(new InetSocketAddress("127.0.0.1", 9), provider).close(); // the JDK's lazy descriptors
        long before = openDescriptors();
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), provider);
        TcpStream client = TcpStream.connect(listener.localAddress(), provider);
        Pipe pipe = Pipe.open(provider);
        poll.registry().register(listener, new Token(1), Interest.READABLE);
        poll.registry().register(client, new Token(2), Interest.READABLE.add(Interest.WRITABLE));
        poll.registry().register(pipe.receiver(), new Token(3), Interest.READABLE);
        poll.registry().register(pipe.sender(), new Token(4), Interest.WRITABLE);
        poll.poll(Events.withCapacity(8), Duration.ZERO); // the keys now exist in the selector
        assertTrue(openDescriptors() >= before + 4);
        listener.close();
        client.close();
        pipe.close();
        // no poll ran since: the close itself must have flushed the selector's cancelled keys
        assertEquals(before, openDescriptors(), () -> "descriptors left open after closing registered sources: " + describeDescriptors());
    }

    @Test
    void closingRegisteredSourceWhilePollIsBlockedReleasesItsDescriptor() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd to count descriptors");
        Poll poll = open(provider.openPoll());
        long before = openDescriptors();
        Pipe pipe = Pipe.open(provider);
        poll.registry().register(pipe.receiver(), new Token(1), Interest.READABLE);
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try {
            Future<?> polling = poller.submit(() -> {
                poll.poll(Events.withCapacity(4), BOUND);
                return null;
            });
            awaitSelecting(poll);
            pipe.close();
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (openDescriptors() != before && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertEquals(before, openDescriptors(), "the blocked poll did not release the closed pipe");
            polling.get(BOUND.toSeconds() * 2, TimeUnit.SECONDS);
        } finally {
            poller.shutdownNow();
        }
    }

    @Test
    void failedConnectReportsErrorAndReleasesItsDescriptor() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd to count descriptors");
        InetSocketAddress refused;
        try (TcpListener closed = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), provider)) {
            refused = closed.localAddress();
        }
        Poll poll = open(provider.openPoll());
        long before = openDescriptors();
        TcpStream stream = TcpStream.connect(refused, provider);
        poll.registry().register(stream, new Token(7), Interest.WRITABLE);
        Event event = pollOne(poll);
        assertTrue(event.isError() && event.isWritable(), event::toString);
        assertInstanceOf(ConnectException.class, stream.takeError());
        assertNull(stream.takeError(), "takeError clears the error");
        assertThrows(IOException.class, stream::peerAddress);
        // the JDK closed the channel inside finishConnect; the next select must have released it
        poll.poll(Events.withCapacity(1), Duration.ZERO);
        stream.close();
        assertEquals(before, openDescriptors());
    }

    private static String describeDescriptors() {
        try (var entries = Files.list(FDS)) {
            return entries.map(fd -> {
                try {
                    return fd.getFileName() + "->" + Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    return fd.getFileName() + "->?";
                }
            }).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long openDescriptors() throws IOException {
        try (var entries = Files.list(FDS)) {
            return entries.count() - 1; // the listing's own descriptor
        }
    }

    // ---- capacity and edges ----

    @Test
    void eventsBeyondCapacityArriveWithTheNextPolls() throws IOException {
        Poll poll = open(provider.openPoll());
        int count = 5;
        for (int i = 0; i < count; i++) {
            Pipe pipe = open(Pipe.open(provider));
            pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
            poll.registry().register(pipe.receiver(), new Token(i), Interest.READABLE);
        }
        Events events = Events.withCapacity(2);
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            poll.poll(events, BOUND);
            assertTrue(events.size() <= 2);
            for (Event event : events) {
                assertTrue(seen.add(event.token().value()), "reported twice without would-block: " + event);
            }
        }
        assertEquals(count, seen.size(), "every ready source must be reported: " + seen);
        assertNoEvent(poll, "undrained sources must not be reported again");
    }

    @Test
    void readableIsReportedAgainOnlyAfterReadWouldBlock() throws IOException {
        Poll poll = open(provider.openPoll());
        Pipe pipe = open(Pipe.open(provider));
        poll.registry().register(pipe.receiver(), new Token(1), Interest.READABLE);
        pipe.sender().write(ByteBuffer.wrap(new byte[] {1, 2}));
        assertTrue(pollOne(poll).isReadable());
        ByteBuffer one = ByteBuffer.allocate(1);
        assertEquals(1, pipe.receiver().read(one)); // not drained: no would-block
        pipe.sender().write(ByteBuffer.wrap(new byte[] {3}));
        assertNoEvent(poll, "no new edge before a read would block");
        ByteBuffer rest = ByteBuffer.allocate(16);
        while (pipe.receiver().read(rest) > 0) {
            assertTrue(rest.position() <= 2);
        }
        pipe.sender().write(ByteBuffer.wrap(new byte[] {4}));
        assertTrue(pollOne(poll).isReadable(), "re-armed by the read that would block");
    }

    @Test
    void writableIsReportedAgainAfterWriteWouldBlock() throws IOException {
        Poll poll = open(provider.openPoll());
        Pipe pipe = open(Pipe.open(provider));
        poll.registry().register(pipe.sender(), new Token(2), Interest.WRITABLE);
        assertTrue(pollOne(poll).isWritable());
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        int rounds = 0;
        while (pipe.sender().write(chunk.clear()) > 0 && rounds++ < 1000) {
            // fill the pipe until a write would block
        }
        assertNoEvent(poll, "a full pipe is not writable");
        ByteBuffer drain = ByteBuffer.allocate(256 * 1024);
        while (pipe.receiver().read(drain.clear()) > 0) {
            // make room
        }
        assertTrue(pollOne(poll).isWritable(), "re-armed by the write that would block");
    }

    @Test
    void rearmFromAnotherThreadTakesEffectInABlockedPoll() throws Exception {
        Poll poll = open(provider.openPoll());
        Pipe pipe = open(Pipe.open(provider));
        poll.registry().register(pipe.receiver(), new Token(3), Interest.READABLE);
        pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
        assertTrue(pollOne(poll).isReadable()); // READ now disarmed
        ExecutorService poller = Executors.newSingleThreadExecutor();
        try {
            Future<Events> polling = poller.submit(() -> {
                Events events = Events.withCapacity(4);
                poll.poll(events, BOUND);
                return events;
            });
            awaitSelecting(poll); // blocked on the disarmed interest
            ByteBuffer buffer = ByteBuffer.allocate(8);
            while (pipe.receiver().read(buffer.clear()) > 0) {
                // drain until would-block: re-arms from this thread
            }
            pipe.sender().write(ByteBuffer.wrap(new byte[] {2}));
            Events events = polling.get(BOUND.toSeconds() * 2, TimeUnit.SECONDS);
            assertEquals(1, events.size(), events::toString);
            assertTrue(events.get(0).isReadable());
        } finally {
            poller.shutdownNow();
        }
    }

    @Test
    void pendingInterruptDoesNotMakePollSpinAndIsKept() throws IOException {
        Poll poll = open(provider.openPoll());
        Thread.currentThread().interrupt();
        try {
            Events events = Events.withCapacity(1);
            poll.poll(events, Duration.ofMillis(20));
            assertTrue(events.isEmpty());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status must be restored");
        } finally {
            Thread.interrupted();
        }
    }

    // ---- allocation ----

    @Test
    void steadyStatePollReadWriteLoopAllocatesNothing() throws IOException {
        AllocationCounter threads = AllocationCounter.find();
        Assumptions.assumeTrue(threads != null,
                "needs com.sun.management.ThreadMXBean (module jdk.management) to count allocated bytes");
        Poll poll = open(provider.openPoll());
        Pipe pipe = open(Pipe.open(provider));
        TcpListener listener = open(TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        TcpStream client = open(TcpStream.connect(listener.localAddress(), provider));
        poll.registry().register(listener, new Token(0), Interest.READABLE);
        pollOne(poll);
        TcpStream server = open(listener.accept());
        poll.registry().register(pipe.receiver(), new Token(1), Interest.READABLE);
        poll.registry().register(server, new Token(2), Interest.READABLE);
        poll.registry().register(client, new Token(3), Interest.WRITABLE);
        Events events = Events.withCapacity(16);
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        int rounds = 20_000;
        long[] allocated = new long[2];
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up (JIT, lazily grown JDK queues)
            long before = threads.allocatedBytes();
            for (int i = 0; i < rounds; i++) {
                pipe.sender().write(one.clear());
                client.write(one.clear());
                int seen = 0;
                for (int tries = 0; tries < 100 && seen < 2; tries++) {
                    poll.poll(events, BOUND);
                    for (Event event : events) {
                        if (event.isReadable()) {
                            seen++;
                            if (event.token().value() == 1) {
                                while (pipe.receiver().read(in.clear()) > 0) {
                                    // drain until would-block
                                }
                            } else {
                                while (server.read(in.clear()) > 0) {
                                    // drain until would-block
                                }
                            }
                        }
                    }
                }
            }
            allocated[pass] = threads.allocatedBytes() - before;
        }
        System.out.println("selector backend: " + allocated[1] + " bytes allocated in " + rounds
                + " steady-state rounds (" + (double) allocated[1] / rounds + " per round)");
        assertTrue(allocated[1] / rounds < 8, "steady state allocates " + allocated[1] + " bytes in "
                + rounds + " rounds of poll, read and write");
    }

    /** Reads this thread's allocated bytes by reflection: the test module does not read jdk.management. */
    private record AllocationCounter(Object bean, java.lang.reflect.Method method) {
        static AllocationCounter find() {
            try {
                Object bean = Class.forName("java.lang.management.ManagementFactory")
                        .getMethod("getThreadMXBean").invoke(null);
                java.lang.reflect.Method method = Class.forName("com.sun.management.ThreadMXBean")
                        .getMethod("getCurrentThreadAllocatedBytes");
                return new AllocationCounter(bean, method);
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        long allocatedBytes() {
            try {
                return (Long) method.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---- the JDK's gaps ----

    @Test
    void emptyDatagramsAreSentAndReceived() throws IOException {
        UdpSocket a = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        UdpSocket b = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        Poll poll = open(provider.openPoll());
        poll.registry().register(a, new Token(1), Interest.READABLE);
        assertTrue(b.sendTo(ByteBuffer.allocate(0), a.localAddress()));
        assertTrue(pollOne(poll).isReadable());
        ByteBuffer buffer = ByteBuffer.allocate(8);
        assertEquals(b.localAddress(), a.receive(buffer));
        assertEquals(0, buffer.position());
        // a connected DatagramChannel would skip the system call: connect is emulated for this
        b.connect(a.localAddress());
        a.connect(b.localAddress());
        assertTrue(b.send(ByteBuffer.allocate(0)));
        long deadline = System.nanoTime() + BOUND.toNanos();
        int length;
        while ((length = a.recv(buffer.clear())) < 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(0, length, "a connected empty datagram must arrive as one of length 0");
    }

    @Test
    void connectedUdpSocketDropsDatagramsFromOthersButKeepsThoseQueuedFromThePeer() throws IOException {
        UdpSocket a = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        UdpSocket peer = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        UdpSocket other = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        assertTrue(other.sendTo(ByteBuffer.wrap(new byte[] {1}), a.localAddress()));
        assertTrue(peer.sendTo(ByteBuffer.wrap(new byte[] {2}), a.localAddress()));
        a.connect(peer.localAddress()); // the JDK's connect would discard both
        ByteBuffer buffer = ByteBuffer.allocate(8);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (a.recv(buffer) < 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(ByteBuffer.wrap(new byte[] {2}), buffer.flip(), "only the peer's datagram, and it kept");
        assertEquals(-1, a.recv(buffer.clear()));
    }

    @Test
    void multicastJoinWithoutInterfacePicksOneAndLeaveNeedsTheSameArguments() throws IOException {
        UdpSocket socket = open(UdpSocket.bind(new InetSocketAddress("0.0.0.0", 0), provider));
        java.net.InetAddress group = java.net.InetAddress.getByName("239.255.77.1");
        socket.joinMulticast(group, null); // the default interface, or loopback on a loopback-only host
        java.net.SocketException notJoined = assertThrows(java.net.SocketException.class,
                () -> socket.leaveMulticast(java.net.InetAddress.getByName("239.255.77.2"), null));
        assertTrue(notJoined.getMessage().contains("239.255.77.2"), notJoined::getMessage);
        socket.leaveMulticast(group, null);
        assertThrows(java.net.SocketException.class, () -> socket.leaveMulticast(group, null), "left already");
    }

    @Test
    void peekedDatagramIsReceivedNext() throws IOException {
        UdpSocket a = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        UdpSocket b = open(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        Poll poll = open(provider.openPoll());
        poll.registry().register(a, new Token(1), Interest.READABLE);
        assertTrue(b.sendTo(ByteBuffer.wrap(new byte[] {1, 2, 3}), a.localAddress()));
        pollOne(poll);
        ByteBuffer small = ByteBuffer.allocate(2);
        assertEquals(b.localAddress(), a.peekFrom(small));
        assertEquals(2, small.position(), "peek truncates to the buffer");
        ByteBuffer whole = ByteBuffer.allocate(8);
        assertEquals(b.localAddress(), a.peekFrom(whole));
        assertEquals(3, whole.position());
        ByteBuffer received = ByteBuffer.allocate(8);
        assertEquals(b.localAddress(), a.receive(received));
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), received.flip());
        assertNull(a.receive(received.clear()), "the peeked datagram is received once");
    }

    @Test
    void peekedStreamBytesAreReadNext() throws IOException {
        TcpListener listener = open(TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), provider));
        TcpStream client = open(TcpStream.connect(listener.localAddress(), provider));
        Poll poll = open(provider.openPoll());
        poll.registry().register(listener, new Token(0), Interest.READABLE);
        pollOne(poll);
        TcpStream server = open(listener.accept());
        poll.registry().register(server, new Token(1), Interest.READABLE);
        poll.registry().register(client, new Token(2), Interest.WRITABLE);
        pollUntil(poll, 2);
        assertEquals(5, client.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5})));
        pollUntil(poll, 1);
        ByteBuffer peeked = ByteBuffer.allocate(3);
        assertEquals(3, server.peek(peeked));
        ByteBuffer read = ByteBuffer.allocate(16);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (read.position() < 5 && System.nanoTime() - deadline < 0) {
            assertTrue(server.read(read) >= 0);
        }
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), read.flip());
    }

    // ---- helpers ----

    /** Waits (bounded) until another thread's poll is in a blocking select. */
    private static void awaitSelecting(Poll poll) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!((SelectorPoll) poll).isSelecting() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertTrue(((SelectorPoll) poll).isSelecting(), "the poll did not block");
    }

    /** Polls briefly and asserts that nothing is reported. */
    private static void assertNoEvent(Poll poll, String why) throws IOException {
        Events events = Events.withCapacity(4);
        poll.poll(events, Duration.ofMillis(50));
        assertTrue(events.isEmpty(), why + ": " + events);
    }

    /** Polls (bounded) until one event arrives and returns it. */
    private static Event pollOne(Poll poll) throws IOException {
        Events events = Events.withCapacity(1);
        for (int i = 0; i < 3 && events.isEmpty(); i++) {
            poll.poll(events, BOUND);
        }
        assertEquals(1, events.size(), "expected an event");
        return events.get(0);
    }

    /** Polls (bounded) until an event with {@code token} arrives. */
    private static void pollUntil(Poll poll, long token) throws IOException {
        Events events = Events.withCapacity(8);
        for (int i = 0; i < 3; i++) {
            poll.poll(events, BOUND);
            for (Event event : events) {
                if (event.token().value() == token) {
                    return;
                }
            }
        }
        throw new AssertionError("no event for token " + token);
    }

    @Test
    void sameTokenInstanceComesBack() throws IOException {
        Poll poll = open(provider.openPoll());
        Pipe pipe = open(Pipe.open(provider));
        Token token = new Token(42);
        poll.registry().register(pipe.sender(), token, Interest.WRITABLE);
        assertSame(token, pollOne(poll).token());
    }

    /**
     * A close by another thread that lands between the source's open check and the JDK's call
     * (made deterministic here by closing the channel underneath) is reported as a
     * {@code ClosedSourceException} naming the source, not as the JDK's bare exception.
     */
    @Test
    void operationCutShortByAConcurrentCloseNamesTheSource() throws IOException {
        Pipe pipe = open(Pipe.open(provider));
        ((SelectorSource) pipe.sender().io()).io().channel.close();
        ClosedSourceException write = assertThrows(ClosedSourceException.class,
                () -> pipe.sender().write(ByteBuffer.allocate(4)));
        assertTrue(write.getMessage().contains(pipe.sender().toString()), write.getMessage());
        ((SelectorSource) pipe.receiver().io()).io().channel.close();
        ClosedSourceException read = assertThrows(ClosedSourceException.class,
                () -> pipe.receiver().read(ByteBuffer.allocate(4)));
        assertTrue(read.getMessage().contains(pipe.receiver().toString()), read.getMessage());
    }
}
