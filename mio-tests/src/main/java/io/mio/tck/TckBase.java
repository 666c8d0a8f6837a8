package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The base of every TCK class: the backend under test ({@link #provider}) and the peer backend
 * ({@link #peer}), resource tracking (everything opened through {@link #track} is closed after the
 * test, and a close that throws fails it), capability and IPv6 checks that skip with the reason, and
 * the event helpers of mio's {@code tests/util/mod.rs}.
 *
 * <p>A per-test timeout runs each case on its own thread, so a poll that never returns fails the
 * case instead of hanging the run (a blocked poll does not react to interrupts).
 */
@ExtendWith(TckExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class TckBase {
    /** How long one poll of {@link #expectEvents} waits. */
    protected static final Duration EXPECT_TIMEOUT = Duration.ofMillis(500);
    /** How many polls {@link #expectEvents} makes. */
    protected static final int EXPECT_POLLS = 3;
    /** How long {@link #expectNoEvents} waits. */
    protected static final Duration NO_EVENTS_TIMEOUT = Duration.ofMillis(50);
    /** The bound of every helper loop that waits for the OS (accept, connect, drain). */
    protected static final Duration BOUND = Duration.ofSeconds(5);

    private static volatile Boolean ipv6;

    /** The backend under test. */
    protected PollProvider provider;
    /** The backend of the other side in cross-backend tests; the provider unless configured. */
    protected PollProvider peer;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private Path tempDir;

    /** For subclasses. */
    protected TckBase() {
    }

    final void attach(PollProvider provider, PollProvider peer) {
        this.provider = provider;
        this.peer = peer;
    }

    /** Closes everything tracked, newest first; fails if any close threw. */
    final void closeEverything() throws IOException {
        List<Throwable> failures = new ArrayList<>();
        synchronized (resources) {
            while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                    resource.close();
                } catch (Exception | AssertionError e) {
                    failures.add(new AssertionFailedError("closing " + resource + " failed: " + e, e));
                }
            }
        }
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            tempDir = null;
        }
        if (!failures.isEmpty()) {
            AssertionFailedError first = (AssertionFailedError) failures.getFirst();
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    // ---------------------------------------------------------------- resources

    /**
     * Closes {@code resource} after the test (newest first); a close that throws fails the test.
     *
     * @param <T> its type
     * @param resource a poll, source, waker or anything closeable
     * @return {@code resource}
     */
    protected final <T extends AutoCloseable> T track(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    /**
     * {@return a new poll of the backend under test, closed after the test}
     *
     * @throws IOException if opening fails
     */
    protected final Poll openPoll() throws IOException {
        return track(provider.openPoll());
    }

    /**
     * {@return a new poll of the peer backend, closed after the test}
     *
     * @throws IOException if opening fails
     */
    protected final Poll openPeerPoll() throws IOException {
        return track(peer.openPoll());
    }

    /**
     * A temporary directory for Unix socket files, removed after the test.
     *
     * @param name a file name
     * @return a path in the directory (not created)
     * @throws IOException if the directory cannot be created
     */
    protected final Path tempPath(String name) throws IOException {
        if (tempDir == null) {
            tempDir = Files.createTempDirectory("mio-tck");
        }
        return tempDir.resolve(name);
    }

    // ---------------------------------------------------------------- skips

    /** {@return the name of the backend under test} */
    protected final String backend() {
        return provider.name();
    }

    /**
     * Skips the test, with the reason, unless the backend under test has {@code capability}.
     *
     * @param capability what the test needs
     */
    protected final void requires(Capability capability) {
        requires(provider, capability);
    }

    /**
     * Skips the test unless both the backend under test and the peer have {@code capability}.
     *
     * @param capability what the test needs
     */
    protected final void requiresBoth(Capability capability) {
        requires(provider, capability);
        requires(peer, capability);
    }

    private static void requires(PollProvider backend, Capability capability) {
        String missing = lacks(backend, capability);
        if (missing != null) {
            throw new TestAbortedException(missing);
        }
    }

    /** {@return why {@code backend} cannot run a case needing {@code capability}, or null if it can} */
    static String lacks(PollProvider backend, Capability capability) {
        return backend.capabilities().contains(capability) ? null
                : "backend '" + backend.name() + "' lacks capability " + capability + " (" + capability.description() + ")";
    }

    /**
     * Why a case annotated with {@code needs} cannot run here, or null if it can; for
     * {@link TckExtension}, which skips the case with this reason before it starts.
     */
    static String unmet(Requires needs, PollProvider provider, PollProvider peer) {
        for (Capability capability : needs.value()) {
            String missing = lacks(provider, capability);
            if (missing != null) {
                return missing;
            }
        }
        for (Capability capability : needs.absent()) {
            if (provider.capabilities().contains(capability)) {
                return "backend '" + provider.name() + "' has capability " + capability
                        + ": this case checks the refusal of a backend without it, the other cases cover it";
            }
        }
        if (needs.linux()) {
            String notLinux = notLinux();
            if (notLinux != null) {
                return notLinux;
            }
        }
        if (needs.distinctPeer() && peer == provider) {
            return "io.mio.tck.peer is not set to another backend than '" + provider.name() + "'";
        }
        return null;
    }

    /** Skips the test, with the reason, unless the host has a working IPv6 loopback (::1). */
    protected static void requiresIpv6() {
        String missing = ipv6Missing();
        if (missing != null) {
            throw new TestAbortedException(missing);
        }
    }

    /** {@return why this host cannot run IPv6 cases, or null if it has a working ::1} */
    static String ipv6Missing() {
        Boolean known = ipv6;
        String cause = "";
        if (known == null) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(IpFamily.IPV6.loopback(), 0));
                known = true;
            } catch (IOException | RuntimeException e) {
                cause = ": " + e;
                known = false;
            }
            ipv6 = known;
        }
        return known ? null : "this host has no IPv6 loopback address ::1" + cause;
    }

    /** {@return why this is not Linux with {@code /proc/self/fd}, or null if it is} */
    static String notLinux() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")
                || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            return "needs Linux with /proc/self/fd, this is " + System.getProperty("os.name");
        }
        return null;
    }

    /** Skips the test, with the reason, unless running on Linux. */
    protected static void requiresLinux() {
        String notLinux = notLinux();
        if (notLinux != null) {
            throw new TestAbortedException(notLinux);
        }
    }

    /**
     * An address on the loopback of {@code family}, skipping the test where IPv6 is missing.
     *
     * @param family the family
     * @return the loopback address with port 0
     */
    protected static InetSocketAddress loopback(IpFamily family) {
        if (family == IpFamily.IPV6) {
            requiresIpv6();
        }
        return new InetSocketAddress(family.loopback(), 0);
    }

    // ---------------------------------------------------------------- events (mio's tests/util)

    /**
     * Polls up to {@value #EXPECT_POLLS} times for {@link #EXPECT_TIMEOUT} each until every expected
     * event was seen. Extra flags and unexpected (spurious) events are fine.
     *
     * @param poll the poll
     * @param events the events to poll into
     * @param expected the events to wait for
     * @throws IOException if a poll fails
     */
    protected final void expectEvents(Poll poll, Events events, ExpectEvent... expected) throws IOException {
        List<ExpectEvent> missing = new ArrayList<>(Arrays.asList(expected));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < EXPECT_POLLS && !missing.isEmpty(); i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (Event event : events) {
                seen.add(event.toString());
                for (int m = 0; m < missing.size(); m++) {
                    if (missing.get(m).matches(event)) {
                        missing.remove(m);
                        break;
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionFailedError("[" + backend() + "] expected " + missing + " within " + EXPECT_POLLS
                    + " polls of " + EXPECT_TIMEOUT.toMillis() + " ms; saw " + seen);
        }
    }

    /**
     * Polls once for {@link #NO_EVENTS_TIMEOUT} and fails on any event.
     *
     * @param poll the poll
     * @param events the events to poll into
     * @throws IOException if the poll fails
     */
    protected final void expectNoEvents(Poll poll, Events events) throws IOException {
        poll.poll(events, NO_EVENTS_TIMEOUT);
        if (!events.isEmpty()) {
            throw new AssertionFailedError("[" + backend() + "] expected no events, got " + events);
        }
    }

    /**
     * Polls once for {@link #NO_EVENTS_TIMEOUT} and fails on an event for {@code token}.
     *
     * @param poll the poll
     * @param events the events to poll into
     * @param token the token that must not appear
     * @throws IOException if the poll fails
     */
    protected final void expectNoEventFor(Poll poll, Events events, Token token) throws IOException {
        poll.poll(events, NO_EVENTS_TIMEOUT);
        for (Event event : events) {
            if (event.token().equals(token)) {
                throw new AssertionFailedError("[" + backend() + "] expected no event for token " + token.value()
                        + ", got " + events);
            }
        }
    }

    /**
     * Fails on any event for {@code token} from now until a waker woken now is reported: that poll
     * ran after everything done before this call (data sent to a deregistered source, say) had
     * arrived, so a backend that still reported the source could not pass it by polling too early.
     * Then one more poll of {@link #NO_EVENTS_TIMEOUT}.
     *
     * @param poll the poll
     * @param events the events to poll into
     * @param token the token that must not appear
     * @throws IOException if a poll fails
     */
    protected final void expectNoEventForThroughAWake(Poll poll, Events events, Token token) throws IOException {
        Token witness = new Token(Long.MIN_VALUE + 1);
        try (io.mio.Waker waker = io.mio.Waker.open(poll.registry(), witness)) {
            waker.wake();
            boolean woken = false;
            for (int i = 0; i < EXPECT_POLLS && !woken; i++) {
                poll.poll(events, EXPECT_TIMEOUT);
                for (Event event : events) {
                    if (event.token().equals(token)) {
                        throw new AssertionFailedError("[" + backend() + "] expected no event for token "
                                + token.value() + ", got " + events);
                    }
                    woken |= event.token().equals(witness);
                }
            }
            if (!woken) {
                throw new AssertionFailedError("[" + backend() + "] the witness waker was not reported");
            }
        }
        expectNoEventFor(poll, events, token);
    }

    /**
     * Polls (as {@link #expectEvents}) until an event for {@code token} arrives and returns a copy.
     *
     * @param poll the poll
     * @param events the events to poll into
     * @param token the token
     * @return the first event for it
     * @throws IOException if a poll fails
     */
    protected final Seen awaitEvent(Poll poll, Events events, Token token) throws IOException {
        return awaitEvent(poll, events, token, seen -> true);
    }

    /**
     * Polls until an event for {@code token} that satisfies {@code condition} arrives.
     *
     * @param poll the poll
     * @param events the events to poll into
     * @param token the token
     * @param condition what the event must satisfy
     * @return a copy of the event
     * @throws IOException if a poll fails
     */
    protected final Seen awaitEvent(Poll poll, Events events, Token token, Predicate<Seen> condition)
            throws IOException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < EXPECT_POLLS; i++) {
            poll.poll(events, EXPECT_TIMEOUT);
            for (Event event : events) {
                seen.add(event.toString());
                if (event.token().equals(token) && condition.test(Seen.of(event))) {
                    return Seen.of(event);
                }
            }
        }
        throw new AssertionFailedError("[" + backend() + "] expected an event for token " + token.value()
                + " within " + EXPECT_POLLS + " polls of " + EXPECT_TIMEOUT.toMillis() + " ms; saw " + seen);
    }

    /**
     * {@return an expectation for {@link #expectEvents}}
     *
     * @param token the token
     * @param flags the flags the event must have
     */
    protected static ExpectEvent expect(Token token, Ready... flags) {
        return ExpectEvent.of(token, flags);
    }

    // ---------------------------------------------------------------- TCP and UDP helpers

    /**
     * A connected TCP pair.
     *
     * @param client the connecting side (connected when returned)
     * @param server the accepted side
     * @param listener the listener that accepted (tracked; closed after the test)
     */
    protected record TcpPair(TcpStream client, TcpStream server, TcpListener listener) {
    }

    /**
     * {@return a connected pair of the backend under test}
     *
     * @param family the address family
     * @throws IOException if connecting fails
     */
    protected final TcpPair tcpPair(IpFamily family) throws IOException {
        return tcpPair(family, provider, provider);
    }

    /**
     * A connected pair whose client is of {@code clientSide} and whose server of {@code serverSide}.
     *
     * @param family the address family
     * @param clientSide the client's backend
     * @param serverSide the listener's backend
     * @return the pair, both ends tracked
     * @throws IOException if connecting fails
     */
    protected final TcpPair tcpPair(IpFamily family, PollProvider clientSide, PollProvider serverSide)
            throws IOException {
        TcpListener listener = track(TcpListener.bind(loopback(family), serverSide));
        TcpStream client = track(TcpStream.connect(listener.localAddress(), clientSide));
        TcpStream server = track(acceptWithin(listener));
        awaitConnected(client);
        return new TcpPair(client, server, listener);
    }

    /**
     * Accepts one connection, waiting (bounded) for it to arrive.
     *
     * @param listener a listener with a connection on the way
     * @return the accepted stream (not tracked)
     * @throws IOException if accepting fails
     */
    protected final TcpStream acceptWithin(TcpListener listener) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            TcpStream accepted = listener.accept();
            if (accepted != null) {
                return accepted;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] no connection to accept within " + BOUND);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Waits until a connecting stream is connected: a writable event, no pending error and a peer
     * address (the steps of a non-blocking connect). Uses a poll of the stream's backend and leaves
     * the stream unregistered.
     *
     * @param stream a connecting stream
     * @throws IOException if the connect failed
     */
    protected final void awaitConnected(TcpStream stream) throws IOException {
        try (Poll poll = stream.provider().openPoll()) {
            Events events = Events.withCapacity(8);
            Token token = new Token(Long.MIN_VALUE);
            poll.registry().register(stream, token, Interest.WRITABLE);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (true) {
                poll.poll(events, EXPECT_TIMEOUT);
                for (Event event : events) {
                    if (event.token().equals(token)) {
                        IOException error = stream.takeError();
                        if (error != null) {
                            throw error;
                        }
                        if (stream.peerAddress() != null) {
                            poll.registry().deregister(stream);
                            return;
                        }
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionFailedError("[" + backend() + "] connect not finished within " + BOUND);
                }
            }
        }
    }

    /**
     * {@return a UDP socket of the backend under test bound to loopback, tracked}
     *
     * @param family the address family
     * @throws IOException if binding fails
     */
    protected final UdpSocket udp(IpFamily family) throws IOException {
        return track(UdpSocket.bind(loopback(family), provider));
    }

    /**
     * Writes all of {@code data}, failing on a short write (the peer must have room).
     *
     * @param stream where to write
     * @param data the bytes
     * @throws IOException if the write fails
     */
    protected final void writeAll(io.mio.net.StreamSocket<?> stream, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int written = stream.write(buffer);
        if (written != data.length) {
            throw new AssertionFailedError("[" + backend() + "] short write: " + written + " of " + data.length);
        }
    }

    /**
     * Reads exactly {@code length} bytes, waiting (bounded) for them to arrive.
     *
     * @param stream where to read
     * @param length how many bytes
     * @return the bytes
     * @throws IOException if a read fails or the stream ends early
     */
    protected final byte[] readExactly(io.mio.net.StreamSocket<?> stream, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (buffer.hasRemaining()) {
            int n = stream.read(buffer);
            if (n < 0) {
                throw new AssertionFailedError("[" + backend() + "] end of stream after " + buffer.position()
                        + " of " + length + " bytes");
            }
            if (n == 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionFailedError("[" + backend() + "] only " + buffer.position() + " of " + length
                            + " bytes arrived within " + BOUND);
                }
                LockSupport.parkNanos(200_000);
            }
        }
        return buffer.array();
    }

    /**
     * Reads until end of stream (bounded), failing on data.
     *
     * @param stream where to read
     * @throws IOException if a read fails
     */
    protected final void awaitEndOfStream(io.mio.net.StreamSocket<?> stream) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            buffer.clear();
            int n = stream.read(buffer);
            if (n < 0) {
                return;
            }
            if (n > 0) {
                throw new AssertionFailedError("[" + backend() + "] expected end of stream, read " + n + " bytes");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] no end of stream within " + BOUND);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Asserts that a stream read would block (returns 0).
     *
     * @param stream the stream
     * @throws IOException if the read fails
     */
    protected final void assertReadWouldBlock(io.mio.net.StreamSocket<?> stream) throws IOException {
        int n = stream.read(ByteBuffer.allocate(16));
        if (n != 0) {
            throw new AssertionFailedError("[" + backend() + "] expected the read to would-block (0), got " + n);
        }
    }

    /**
     * Asserts that {@code call} fails with an {@link IOException} that names one of
     * {@code oneOf} (the errno's message, e.g. "broken pipe"), and not with a
     * {@link java.nio.channels.ClosedChannelException}: that would mean the socket was closed,
     * which is not the failure the contract names.
     *
     * @param call what must fail
     * @param oneOf message fragments (case-insensitive), one of which must appear
     * @return the exception
     */
    protected final IOException assertIoFailure(org.junit.jupiter.api.function.Executable call, String... oneOf) {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, call);
        if (e instanceof java.nio.channels.ClosedChannelException) {
            throw new AssertionFailedError("[" + backend() + "] expected " + Arrays.toString(oneOf)
                    + ", got a closed-channel exception: the socket must still be open", e);
        }
        String message = String.valueOf(e.getMessage()).toLowerCase();
        for (String fragment : oneOf) {
            if (message.contains(fragment.toLowerCase())) {
                return e;
            }
        }
        throw new AssertionFailedError("[" + backend() + "] the failure should name one of " + Arrays.toString(oneOf)
                + ": " + e, e);
    }

    /**
     * Asserts that an exception's message names what was wrong.
     *
     * @param error the exception
     * @param fragments words the message must contain (case-insensitive)
     */
    protected final void assertMessageNames(Throwable error, String... fragments) {
        String message = error.getMessage();
        if (message == null) {
            throw new AssertionFailedError("[" + backend() + "] " + error.getClass().getName()
                    + " has no message; expected one naming " + Arrays.toString(fragments), error);
        }
        for (String fragment : fragments) {
            if (!message.toLowerCase().contains(fragment.toLowerCase())) {
                throw new AssertionFailedError("[" + backend() + "] message of " + error.getClass().getSimpleName()
                        + " should name '" + fragment + "': " + message, error);
            }
        }
    }

    /**
     * Runs {@code body} on a new daemon thread. The thread is known to {@link #awaitPolling}, so a
     * poll it makes can be awaited as blocked.
     *
     * @param name the thread's name
     * @param body what it runs
     * @return the started thread
     */
    protected static Thread start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            recordThread();
            body.run();
        }, "mio-tck-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    // ---------------------------------------------------------------- blocked polls

    /** The longest poll of a "during a blocked poll" case: it must end early, with the event. */
    protected static final Duration BLOCKED_POLL = Duration.ofSeconds(10);

    /** Kernel thread ids (Linux) of the threads that run cases and of those {@link #start} started. */
    private static final Map<Thread, Long> THREAD_IDS = Collections.synchronizedMap(new WeakHashMap<>());

    /** Records the calling thread's kernel thread id, so {@link #awaitPolling} can look at its state. */
    static void recordThread() {
        long tid = -1;
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>"
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            tid = Long.parseLong(self.getFileName().toString());
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: the stack alone tells whether the thread is in a poll
        }
        THREAD_IDS.put(Thread.currentThread(), tid);
    }

    /**
     * Whether {@code thread} is blocked inside a poll: in {@code Poll.poll}, runnable for the JVM
     * (so not waiting on a Java lock) and, where Linux shows it, asleep in the kernel in something
     * other than a futex (the JVM's own locks and parking): the backend's wait system call.
     */
    private static boolean blockedInPoll(Thread thread) {
        Long known = THREAD_IDS.get(thread);
        if (known == null) {
            return false; // the thread has not recorded itself yet
        }
        return blockedInPoll(thread, known);
    }

    /** {@link #blockedInPoll(Thread)} for a thread of kernel id {@code tid}, -1 if unknown. */
    private static boolean blockedInPoll(Thread thread, long tid) {
        if (thread.getState() != Thread.State.RUNNABLE) {
            return false;
        }
        if (tid > 0 && !sleepingInKernel(tid)) {
            return false;
        }
        boolean inPoll = false;
        for (StackTraceElement frame : thread.getStackTrace()) {
            inPoll |= frame.getClassName().equals(Poll.class.getName()) && frame.getMethodName().equals("poll");
        }
        // check the kernel state again: the thread was in the poll's wait on both sides of the stack walk
        return inPoll && thread.getState() == Thread.State.RUNNABLE && (tid <= 0 || sleepingInKernel(tid));
    }

    private static boolean sleepingInKernel(long tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            // the state follows the command name, which is in parentheses and may hold spaces
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state != 'S') {
                return false;
            }
            String wchan = Files.readString(Path.of("/proc/self/task/" + tid + "/wchan"));
            return !wchan.contains("futex");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /**
     * Waits (bounded) until another thread is blocked in {@code poll.poll}: inside the poll, in the
     * backend's wait (see {@link BackgroundPoll#awaitBlocked}). A change made next happens during
     * that blocked poll. The polling thread should be the one running the case or one of
     * {@link #start}: for another thread the kernel state is unknown, and only its stack (inside
     * {@code Poll.poll}, runnable) is checked.
     *
     * @param poll a poll another thread is entering
     */
    protected final void awaitPolling(Poll poll) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            if (!poll.isOpen()) {
                throw new AssertionFailedError("[" + backend() + "] the poll closed while waiting for it to block");
            }
            for (Thread thread : THREAD_IDS.keySet().toArray(Thread[]::new)) {
                if (thread != Thread.currentThread() && thread.isAlive() && blockedInPoll(thread)) {
                    return;
                }
            }
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread != Thread.currentThread() && !THREAD_IDS.containsKey(thread) && blockedInPoll(thread, -1)) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("[" + backend() + "] no thread blocked in a poll within " + BOUND);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * One poll made on another thread, for the cases that change something while a poll is
     * blocked: {@link #awaitBlocked} waits until it is, {@link #join} for its end.
     */
    protected final class BackgroundPoll {
        private final Thread thread;
        private final Events events;
        private volatile Throwable failure;
        private volatile long elapsedNanos = -1;
        private volatile boolean interruptedAfter;

        BackgroundPoll(Poll poll, Events events, Duration timeout) {
            this.events = events;
            this.thread = start("poller", () -> {
                long begin = System.nanoTime();
                try {
                    poll.poll(events, timeout);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    elapsedNanos = System.nanoTime() - begin;
                    interruptedAfter = Thread.currentThread().isInterrupted();
                }
            });
        }

        /**
         * Waits (bounded) until the poll is blocked: the thread is in {@code Poll.poll}, runnable for
         * the JVM and, on Linux, asleep in the kernel outside a futex (so in the backend's wait
         * system call, not in a Java lock or the JVM). Elsewhere the stack alone decides.
         */
        public void awaitBlocked() {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (!blockedInPoll(thread)) {
                if (!thread.isAlive()) {
                    throw new AssertionFailedError("[" + backend() + "] the poll returned before it blocked: "
                            + (failure != null ? failure : events), failure);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionFailedError("[" + backend() + "] the poll did not block within " + BOUND);
                }
                LockSupport.parkNanos(100_000);
            }
        }

        /**
         * Waits (bounded by the poll's timeout plus {@link #BOUND}) for the poll to end.
         *
         * @return what it threw, or null if it returned
         * @throws InterruptedException if interrupted
         */
        public Throwable awaitEnd() throws InterruptedException {
            thread.join(BLOCKED_POLL.plus(BOUND));
            if (thread.isAlive()) {
                throw new AssertionFailedError("[" + backend() + "] the poll did not return within " + BLOCKED_POLL.plus(BOUND));
            }
            return failure;
        }

        /**
         * Waits for the poll to end and fails if it threw.
         *
         * @return the events it returned
         * @throws InterruptedException if interrupted
         */
        public Events join() throws InterruptedException {
            Throwable thrown = awaitEnd();
            if (thrown != null) {
                throw new AssertionFailedError("[" + backend() + "] the poll failed: " + thrown, thrown);
            }
            return events;
        }

        /** {@return how long the poll took; valid after {@link #join}} */
        public Duration elapsed() {
            return Duration.ofNanos(elapsedNanos);
        }

        /** {@return the polling thread} */
        public Thread thread() {
            return thread;
        }

        /** {@return whether the polling thread's interrupt status was set when the poll ended} */
        public boolean interruptedAfter() {
            return interruptedAfter;
        }

        /** {@return whether the poll is blocked in the backend's wait right now} */
        boolean blocked() {
            return blockedInPoll(thread);
        }

        /** {@return the polling thread's kernel id, or -1 where there is none to know} */
        long kernelThreadId() {
            return THREAD_IDS.getOrDefault(thread, -1L);
        }
    }

    /**
     * Starts one poll of {@code poll} on another thread.
     *
     * @param poll the poll
     * @param events where it stores its events
     * @param timeout its timeout; null for none
     * @return the running poll
     */
    protected final BackgroundPoll pollOnAnotherThread(Poll poll, Events events, Duration timeout) {
        return new BackgroundPoll(poll, events, timeout);
    }

    /**
     * Checks that a wake from this thread ends one poll blocked in another thread, with the waker's
     * readable event.
     *
     * @param timeout the blocked poll's timeout: long, or null for none
     * @throws IOException if opening fails
     * @throws InterruptedException if interrupted
     */
    protected final void assertAWakeEndsABlockedPoll(Duration timeout) throws IOException, InterruptedException {
        Poll poll = openPoll();
        Token token = new Token(99);
        io.mio.Waker waker = track(io.mio.Waker.open(poll.registry(), token));
        BackgroundPoll polling = pollOnAnotherThread(poll, Events.withCapacity(8), timeout);
        polling.awaitBlocked();
        waker.wake();
        assertHolds(polling.join(), expect(token, Ready.READABLE));
    }

    /**
     * Fails unless {@code events} (of one poll) hold an event for each expectation.
     *
     * @param events the events of one poll
     * @param expected what they must hold
     */
    protected final void assertHolds(Events events, ExpectEvent... expected) {
        List<ExpectEvent> missing = new ArrayList<>(Arrays.asList(expected));
        for (Event event : events) {
            for (int m = 0; m < missing.size(); m++) {
                if (missing.get(m).matches(event)) {
                    missing.remove(m);
                    break;
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionFailedError("[" + backend() + "] the poll must return with " + missing + "; it returned "
                    + events);
        }
    }

    /**
     * Joins a thread, bounded.
     *
     * @param thread the thread
     * @throws InterruptedException if interrupted
     */
    protected final void join(Thread thread) throws InterruptedException {
        thread.join(BOUND);
        if (thread.isAlive()) {
            throw new AssertionFailedError("[" + backend() + "] thread " + thread.getName() + " did not finish within "
                    + BOUND);
        }
    }
}
