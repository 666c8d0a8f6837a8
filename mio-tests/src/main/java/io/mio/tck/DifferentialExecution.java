package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Source;
import io.mio.Token;
import io.mio.net.DatagramEndpoint;
import io.mio.net.StreamSocket;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.net.UnixStream;
import io.mio.spi.PollProvider;
import io.mio.tck.DifferentialProgram.Kind;
import io.mio.tck.DifferentialProgram.Op;
import io.mio.unix.Pipe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Runs one {@link DifferentialProgram} on one backend, as a user's event loop would: waits for events after
 * every would-block, never sleeps. It records what a user observes of each operation (its outcome:
 * data drained, end of stream, the category of an exception) in a trace that is compared between
 * backends, and fails at once, naming the operation, when the backend breaks a rule on its own:
 * a byte lost, duplicated, reordered or corrupted (every stream byte is a function of its offset,
 * every datagram of its number), an event for a token that was deregistered, replaced or closed,
 * or an event needed to go on that does not arrive within {@link #BOUND}.
 */
final class DifferentialExecution {
    /** How long the loop waits for an event it needs before it calls the backend stuck. */
    static final Duration BOUND = Duration.ofSeconds(2);
    /** At most this many datagrams in flight per direction: loopback then drops none. */
    private static final int MAX_QUEUED_DATAGRAMS = 32;
    /**
     * At most this many Unix datagrams in flight per direction: below Linux's default
     * {@code net.unix.max_dgram_qlen} (10), past which an unconnected sender would block with no
     * event to wait for.
     */
    private static final int MAX_QUEUED_UNIX_DATAGRAMS = 8;
    /**
     * The outcome of a connect to a closed port that connected all the same: skipped, and not
     * compared (the other backend's run most likely saw the refusal).
     */
    static final String CONNECTED_ANYWAY = "skipped (a connect to a closed port connected";
    /** At most this many clients connect to a listener before it accepts (well below any backlog). */
    private static final int MAX_PENDING = 16;

    private final PollProvider backend;
    private final DifferentialProgram program;
    private final Poll poll;
    private final Events events;
    private final Channel[] channels;
    /** The live tokens and their ends. */
    private final Map<Long, End> live = new HashMap<>();
    /** Tokens that must never be reported again, and why. */
    private final Map<Long, String> retired = new HashMap<>();
    private final List<String> trace = new ArrayList<>();
    /** Where bound Unix datagram sockets live; created on first use. */
    private Path unixDirectory;
    private long nextToken = 1;
    /** The operation running, for the message of a failure or a hang. */
    volatile int current = -1;

    private DifferentialExecution(PollProvider backend, DifferentialProgram program) throws IOException {
        this.backend = backend;
        this.program = program;
        this.poll = backend.openPoll();
        this.events = Events.withCapacity(1 + (int) Math.floorMod(program.seed(), 8L));
        this.channels = new Channel[program.channels().size()];
    }

    /** A failure of the backend under the rules, or of the program's set-up. */
    static final class Broken extends AssertionError {
        private static final long serialVersionUID = 1L;

        Broken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code program} on {@code backend}.
     *
     * @return the trace of outcomes, one line per operation
     * @throws Broken if the backend broke a rule (the message names the operation)
     */
    static List<String> run(PollProvider backend, DifferentialProgram program, DifferentialExecution[] running)
            throws IOException {
        DifferentialExecution execution = new DifferentialExecution(backend, program);
        running[0] = execution;
        try {
            for (int i = 0; i < execution.channels.length; i++) {
                execution.channels[i] = execution.open(i, program.channels().get(i), 0);
            }
            List<Op> ops = program.ops();
            for (int i = 0; i < ops.size(); i++) {
                execution.current = i;
                String outcome;
                try {
                    outcome = execution.execute(ops.get(i), ops.get(i).details());
                } catch (Broken e) {
                    throw new Broken("#" + i + " " + ops.get(i) + ": " + e.getMessage(), e.getCause());
                }
                execution.trace.add("#" + i + " " + ops.get(i) + " -> " + outcome);
            }
            execution.current = ops.size();
            for (Channel channel : execution.channels) { // what a user's loop does last: drain everything
                for (End end : channel.ends) {
                    if (end != null && !end.closed && channel.kind.reads(end.side)) {
                        String outcome;
                        try {
                            outcome = execution.read(end, 0);
                        } catch (Broken e) {
                            throw new Broken("final read " + end + ": " + e.getMessage(), e.getCause());
                        }
                        int from = 1 - end.side;
                        // how much came before a reset or a shut input depends on timing and buffer sizes
                        String counts = channel.broken || end.readShut ? ""
                                : "; received " + channel.received[from] + " bytes, " + channel.datagramsReceived[from]
                                        + " datagrams, CRC-32 " + Long.toHexString(channel.crc[from].getValue());
                        execution.trace.add("final read " + end + " -> " + outcome + counts);
                    }
                }
            }
            return execution.trace;
        } finally {
            execution.closeAll();
        }
    }

    // ---------------------------------------------------------------- channels and ends

    /** One end of a channel and what the loop knows of it. */
    private static final class End {
        final Channel channel;
        final int side;
        final Source source;
        /** A datagram socket's (or a listener's) local address, kept for checking senders after it closed. */
        SocketAddress address;
        Token token;
        Interest interests;
        boolean closed;
        boolean readShut;
        boolean writeShut;
        /** Whether a readable (writable) event came since the last would-block. */
        boolean readReady;
        boolean writeReady;

        End(Channel channel, int side, Source source) {
            this.channel = channel;
            this.side = side;
            this.source = source;
        }

        End other() {
            return channel.ends[1 - side];
        }

        /** Every source here (a socket or a pipe end) is closeable. */
        void close() throws IOException {
            ((java.io.Closeable) source).close();
        }

        Interest valid() {
            Kind kind = channel.kind;
            if (kind == Kind.PIPE) {
                return side == 0 ? Interest.WRITABLE : Interest.READABLE;
            }
            if (kind == Kind.LISTENER) {
                return Interest.READABLE;
            }
            return Interest.READABLE.add(Interest.WRITABLE);
        }

        @Override
        public String toString() {
            return "ch" + channel.index + "." + side;
        }
    }

    /** A pair of ends and the bytes or datagrams in flight between them. */
    private static final class Channel {
        final int index;
        final Kind kind;
        /** Bumped by each reopen, so bytes of an earlier incarnation are told apart. */
        final int generation;
        final End[] ends = new End[2];
        /** Stream bytes sent from side s, and received by the other side. */
        final long[] sent = new long[2];
        final long[] received = new long[2];
        /** Datagrams sent from side s and not received yet: their numbers and lengths. */
        @SuppressWarnings("unchecked")
        final ArrayDeque<int[]>[] queued = new ArrayDeque[] {new ArrayDeque<int[]>(), new ArrayDeque<int[]>()};
        final int[] datagrams = new int[2];
        /** Datagrams from side s received, and a CRC-32 of every byte received from side s. */
        final int[] datagramsReceived = new int[2];
        final CRC32[] crc = {new CRC32(), new CRC32()};
        /** An end was closed with bytes unread: the connection was reset. */
        boolean broken;
        /** A listener's clients, in the order they connected. */
        final List<Client> clients = new ArrayList<>();

        Channel(int index, Kind kind, int generation) {
            this.index = index;
            this.kind = kind;
            this.generation = generation;
        }

        long key(int from) {
            return (((long) index * 31 + generation) * 2 + from) * 0x9E3779B97F4A7C15L;
        }
    }

    /** A client connected to a listener. */
    private static final class Client {
        final TcpStream stream;
        final InetSocketAddress address;
        boolean accepted;
        boolean closed;

        Client(TcpStream stream, InetSocketAddress address) {
            this.stream = stream;
            this.address = address;
        }
    }

    /** The byte at {@code offset} of a stream: a function of where it is, so any loss or reorder shows. */
    private static byte streamByte(long key, long offset) {
        long x = (offset + key) * 0xBF58476D1CE4E5B9L;
        return (byte) (x ^ (x >>> 31) ^ (x >>> 47));
    }

    private Channel open(int index, Kind kind, int generation) throws IOException {
        Channel channel = new Channel(index, kind, generation);
        Source[] sources = switch (kind) {
            case TCP -> tcpPair();
            case UNIX -> UnixStream.pair(backend);
            case PIPE -> {
                Pipe pipe = Pipe.open(backend);
                yield new Source[] {pipe.sender(), pipe.receiver()};
            }
            case UDP, UDP_CONNECTED -> {
                InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
                UdpSocket a = UdpSocket.bind(loopback, backend);
                UdpSocket b = UdpSocket.bind(loopback, backend);
                if (kind == Kind.UDP_CONNECTED) {
                    a.connect(b.localAddress());
                    b.connect(a.localAddress());
                }
                yield new Source[] {a, b};
            }
            case UNIX_DATAGRAM_PAIR -> UnixDatagram.pair(backend);
            case UNIX_DATAGRAM -> {
                if (unixDirectory == null) {
                    unixDirectory = Files.createTempDirectory("mio-fuzz");
                }
                UnixDatagram a = UnixDatagram.bind(UnixAddress.of(unixDirectory.resolve(
                        index + "-" + generation + "-0")), backend);
                try {
                    yield new Source[] {a, UnixDatagram.bind(UnixAddress.of(unixDirectory.resolve(
                            index + "-" + generation + "-1")), backend)};
                } catch (IOException | RuntimeException e) {
                    a.close();
                    throw e;
                }
            }
            case LISTENER -> new Source[] {TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    backend)};
        };
        for (int side = 0; side < kind.sides(); side++) {
            End end = new End(channel, side, sources[side]);
            if (kind.datagrams()) {
                end.address = datagram(end).localAddress();
            } else if (kind == Kind.LISTENER) {
                end.address = ((TcpListener) end.source).localAddress();
            }
            channel.ends[side] = end;
            register(end, end.valid());
        }
        return channel;
    }

    /** A connected TCP pair, waiting for the accept and the connect with events. */
    private Source[] tcpPair() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Poll setup = backend.openPoll(); TcpListener listener = TcpListener.bind(loopback, backend)) {
            Events setupEvents = Events.withCapacity(4);
            setup.registry().register(listener, new Token(0), Interest.READABLE);
            TcpStream client = TcpStream.connect(listener.localAddress(), backend);
            setup.registry().register(client, new Token(1), Interest.WRITABLE);
            TcpStream server = null;
            boolean connected = false;
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (server == null || !connected) {
                if (server == null) {
                    server = listener.accept();
                }
                if (!connected) {
                    IOException error = client.takeError();
                    if (error != null) {
                        throw error;
                    }
                    connected = client.peerAddress() != null;
                }
                if (server == null || !connected) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new Broken("a loopback TCP connection was not set up within " + BOUND, null);
                    }
                    setup.poll(setupEvents, Duration.ofMillis(100));
                }
            }
            setup.registry().deregister(client);
            return new Source[] {client, server};
        }
    }

    private Token newToken(End end) {
        Token token = new Token(nextToken++);
        live.put(token.value(), end);
        return token;
    }

    private void retire(End end, String why) {
        if (end.token != null) {
            live.remove(end.token.value());
            retired.put(end.token.value(), "token " + end.token.value() + " of " + end + " was " + why
                    + " at #" + current);
            end.token = null;
        }
        end.readReady = false;
        end.writeReady = false;
    }

    private void register(End end, Interest interests) throws IOException {
        end.token = newToken(end);
        end.interests = interests;
        poll.registry().register(end.source, end.token, interests);
    }

    /** Makes sure {@code end} is registered for {@code wanted}, as a loop about to wait for it would. */
    private void want(End end, Interest wanted) throws IOException {
        if (end.token == null) {
            register(end, end.valid());
        } else if (wanted.isReadable() && !end.interests.isReadable()
                || wanted.isWritable() && !end.interests.isWritable()) {
            retire(end, "replaced");
            end.token = newToken(end);
            end.interests = end.valid();
            poll.registry().reregister(end.source, end.token, end.interests);
        }
    }

    // ---------------------------------------------------------------- events

    private void pollOnce(Duration timeout) throws IOException {
        poll.poll(events, timeout);
        for (Event event : events) {
            long value = event.token().value();
            String why = retired.get(value);
            if (why != null) {
                throw new Broken("event " + event + " for a dead token: " + why, null);
            }
            End end = live.get(value);
            if (end == null) {
                throw new Broken("event " + event + " for a token never registered", null);
            }
            if (event.isReadable() || event.isReadClosed() || event.isError()) {
                end.readReady = true;
            }
            if (event.isWritable() || event.isWriteClosed() || event.isError()) {
                end.writeReady = true;
            }
        }
    }

    private void await(End end, boolean readable, String why) throws IOException {
        want(end, readable ? Interest.READABLE : Interest.WRITABLE);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (readable ? !end.readReady : !end.writeReady) {
            if (System.nanoTime() - deadline > 0) {
                throw new Broken("no " + (readable ? "readable" : "writable") + " event for " + end + " within "
                        + BOUND.toMillis() + " ms after would-block, although " + why, null);
            }
            pollOnce(Duration.ofMillis(50));
        }
    }

    /**
     * Waits for a readable event before reading, as an edge-triggered loop does, when something is
     * due and no event came since the last would-block (or registration): the contract owes one.
     */
    private void awaitIfDue(End reader, long due, boolean endDue) throws IOException {
        if (!reader.readReady && (due > 0 || endDue)) {
            await(reader, true, due > 0 ? due + " bytes or datagrams are due" : "the end of stream is due");
        }
    }

    // ---------------------------------------------------------------- operations

    private String execute(Op op, Random detail) throws IOException {
        Channel channel = op.type() == DifferentialProgram.Type.POLL ? null : channels[op.channel()];
        End end = channel == null ? null : channel.ends[op.side()];
        return switch (op.type()) {
            case WRITE -> write(end, op.size(), op.variant(), detail);
            case SEND -> send(end, op.size(), op.variant() == 1);
            case READ -> read(end, op.variant());
            case PEEK -> peek(end, detail);
            case SHUTDOWN -> shutdown(end, DifferentialProgram.HOW[op.variant()]);
            case CLOSE -> close(end);
            case REREGISTER -> reregister(end, op.variant());
            case DEREGISTER -> deregister(end);
            case POLL -> {
                Events small = Events.withCapacity(op.size());
                poll.poll(small, Duration.ZERO);
                for (Event event : small) {
                    if (retired.containsKey(event.token().value())) {
                        throw new Broken("event " + event + " for a dead token: " + retired.get(event.token().value()),
                                null);
                    }
                    End to = live.get(event.token().value());
                    if (to != null) {
                        to.readReady |= event.isReadable() || event.isReadClosed() || event.isError();
                        to.writeReady |= event.isWritable() || event.isWriteClosed() || event.isError();
                    }
                }
                yield "polled";
            }
            case REOPEN -> reopen(channel);
            case CONNECT -> connect(end);
            case ACCEPT -> accept(end);
            case CLOSE_PENDING -> closePending(channel);
            case REFUSED -> refused(op.variant());
        };
    }

    /**
     * The category of an exception, as a user tells them apart. A reset and a broken pipe are one
     * category, "connection lost": which of the two the kernel reports depends on whether the
     * peer's reset arrived before the call (e.g. data still in flight when a side shut down both
     * halves makes Linux reset the connection), and a backend over the JDK reports a broken pipe
     * for a write after shutdown without asking the kernel.
     */
    static String category(Throwable e) {
        if (e instanceof ClosedChannelException) {
            return "closed";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable";
        }
        if (e instanceof ConnectException && e.getMessage() != null
                && e.getMessage().toLowerCase().contains("refused")) {
            return "connection refused";
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase();
        if (e instanceof SocketException && message.contains("reset") || message.contains("broken pipe")) {
            return "connection lost";
        }
        return e instanceof IOException ? "IOException" : e.getClass().getSimpleName();
    }

    /** A call on a source whose outcome is compared, not checked. */
    private interface Call {
        Object run() throws IOException;
    }

    /** @return what the call returned, or the category of what it threw */
    private static String attempt(Call call) {
        try {
            return "returned " + call.run();
        } catch (IOException | RuntimeException e) {
            return category(e);
        }
    }

    // ---- streams

    private int streamWrite(End end, ByteBuffer src) throws IOException {
        return end.source instanceof Pipe.Sender sender ? sender.write(src) : ((StreamSocket<?>) end.source).write(src);
    }

    private long streamWrite(End end, ByteBuffer[] srcs) throws IOException {
        return end.source instanceof Pipe.Sender sender ? sender.write(srcs)
                : ((StreamSocket<?>) end.source).write(srcs);
    }

    private int streamRead(End end, ByteBuffer dst) throws IOException {
        return end.source instanceof Pipe.Receiver receiver ? receiver.read(dst)
                : ((StreamSocket<?>) end.source).read(dst);
    }

    private long streamRead(End end, ByteBuffer[] dsts) throws IOException {
        return end.source instanceof Pipe.Receiver receiver ? receiver.read(dsts)
                : ((StreamSocket<?>) end.source).read(dsts);
    }

    /** Buffers holding {@code bytes}: one heap or direct buffer, or many of both with empty ones between. */
    private static ByteBuffer[] buffers(byte[] bytes, int variant, Random detail) {
        if (variant < 2) {
            ByteBuffer one = variant == 0 ? ByteBuffer.allocate(bytes.length) : ByteBuffer.allocateDirect(bytes.length);
            return new ByteBuffer[] {one.put(bytes).flip()};
        }
        int pieces = 1 + detail.nextInt(8);
        int empties = detail.nextInt(4) == 0 ? 64 + detail.nextInt(70) : detail.nextInt(4);
        List<ByteBuffer> list = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < pieces; i++) {
            int length = i == pieces - 1 ? bytes.length - at : detail.nextInt(bytes.length - at + 1);
            ByteBuffer piece = detail.nextBoolean() ? ByteBuffer.allocate(length) : ByteBuffer.allocateDirect(length);
            list.add(piece.put(bytes, at, length).flip());
            at += length;
        }
        for (int i = 0; i < empties; i++) {
            list.add(detail.nextInt(list.size() + 1), ByteBuffer.allocate(0));
        }
        return list.toArray(ByteBuffer[]::new);
    }

    private String write(End end, int size, int variant, Random detail) throws IOException {
        End reader = end.other();
        Channel channel = end.channel;
        if (!end.closed && !end.writeShut && (reader.closed || reader.readShut || channel.broken)) {
            return "skipped (the reader is gone)"; // what then happens depends on timing
        }
        long key = channel.key(end.side);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = streamByte(key, channel.sent[end.side] + i);
        }
        ByteBuffer[] srcs = buffers(bytes, variant, detail);
        if (end.closed || end.writeShut) {
            return attempt(() -> variant == 2 ? streamWrite(end, srcs) : streamWrite(end, srcs[0]));
        }
        long written = 0;
        long deadline = System.nanoTime() + BOUND.toNanos();
        do {
            long n = variant == 2 ? streamWrite(end, srcs) : streamWrite(end, srcs[0]);
            if (n < 0 || n > size - written) {
                throw new Broken("write returned " + n + " with " + (size - written) + " bytes left", null);
            }
            written += n;
            channel.sent[end.side] += n;
            if (n > 0) {
                deadline = System.nanoTime() + BOUND.toNanos();
            } else if (size > 0) {
                end.writeReady = false;
                drainSome(reader); // make room, as the other side of the loop would
                if (!end.writeReady) {
                    await(end, false, (size - written) + " bytes are to be written and the reader drained");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new Broken("no progress writing for " + BOUND.toMillis() + " ms", null);
                }
            }
        } while (written < size);
        return "wrote " + size;
    }

    /** Reads what is there (until would-block) on a reader, checking each byte. */
    private void drainSome(End reader) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            int n = streamRead(reader, buffer.clear());
            if (n <= 0) {
                if (n < 0) {
                    throw new Broken("end of stream on " + reader + " while its peer is writing", null);
                }
                reader.readReady = false;
                return;
            }
            check(reader, buffer.flip());
        }
    }

    /** Checks received bytes against their offsets and counts them. */
    private void check(End reader, ByteBuffer received) {
        check(reader, received, true);
    }

    /** Checks received (or, unless {@code consume}, peeked) bytes against their offsets. */
    private void check(End reader, ByteBuffer received, boolean consume) {
        Channel channel = reader.channel;
        int from = 1 - reader.side;
        long key = channel.key(from);
        long offset = channel.received[from];
        if (consume) {
            channel.crc[from].update(received.duplicate());
        }
        while (received.hasRemaining()) {
            byte got = received.get();
            if (offset >= channel.sent[from]) {
                throw new Broken(reader + " received byte " + offset + " but only " + channel.sent[from]
                        + " were sent (duplicated or foreign bytes)", null);
            }
            if (got != streamByte(key, offset)) {
                throw new Broken(reader + " received a wrong byte at offset " + offset
                        + " (lost, reordered, duplicated or corrupted bytes)", null);
            }
            offset++;
        }
        if (consume) {
            channel.received[from] = offset;
        }
    }

    private String read(End reader, int variant) throws IOException {
        if (!reader.channel.kind.stream) {
            return receive(reader, variant);
        }
        ByteBuffer[] dsts = variant == 2
                ? new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocate(700), ByteBuffer.allocateDirect(0),
                    ByteBuffer.allocateDirect(3000), ByteBuffer.allocate(60_000)}
                : new ByteBuffer[] {variant == 0 ? ByteBuffer.allocate(32 * 1024)
                        : ByteBuffer.allocateDirect(32 * 1024)};
        if (reader.closed || reader.readShut) {
            return attempt(() -> variant == 2 ? streamRead(reader, dsts) : streamRead(reader, dsts[0]));
        }
        Channel channel = reader.channel;
        End writer = reader.other();
        if (channel.broken) {
            return readBroken(reader, ByteBuffer.allocate(4096));
        }
        int from = writer.side;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            awaitIfDue(reader, channel.sent[from] - channel.received[from], writer.closed || writer.writeShut);
            long n;
            try {
                n = variant == 2 ? streamRead(reader, dsts) : streamRead(reader, dsts[0]);
            } catch (IOException e) {
                throw new Broken("read failed on a live connection with "
                        + (channel.sent[from] - channel.received[from])
                        + " bytes due: " + e, e);
            }
            boolean endDue = writer.closed || writer.writeShut;
            if (n > 0) {
                for (ByteBuffer dst : dsts) {
                    check(reader, dst.flip());
                    dst.clear();
                }
                deadline = System.nanoTime() + BOUND.toNanos();
                continue;
            }
            long due = channel.sent[from] - channel.received[from];
            if (n < 0) {
                if (!endDue || due > 0) {
                    throw new Broken("end of stream on " + reader + " with " + due + " bytes due"
                            + (endDue ? "" : " and the writer open"), null);
                }
                return "drained, end of stream";
            }
            reader.readReady = false;
            if (due == 0 && !endDue) {
                return "drained";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Broken("no progress reading for " + BOUND.toMillis() + " ms", null);
            }
        }
    }

    /**
     * After a reset: bytes (checked) until an exception or end of stream, then what the next read
     * says. Which of the two ends the stream is not compared: the kernel reports a reset once, to
     * whichever call comes first, and that may be a write (a write after shutdown is answered by the
     * JDK without a call), or the reset may come after the peer's FIN.
     */
    private String readBroken(End reader, ByteBuffer dst) throws IOException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        String first;
        while (true) {
            awaitIfDue(reader, 1, true);
            int n;
            try {
                n = streamRead(reader, dst.clear());
            } catch (IOException e) {
                first = category(e);
                break;
            }
            if (n > 0) {
                check(reader, dst.flip());
            } else if (n < 0) {
                first = "end of stream";
                break;
            } else {
                reader.readReady = false;
                if (System.nanoTime() - deadline > 0) {
                    throw new Broken("neither end of stream nor an error within " + BOUND.toMillis()
                            + " ms on a reset connection", null);
                }
            }
        }
        String next = attempt(() -> streamRead(reader, dst.clear()));
        return "reset connection: ended (" + (first.equals("end of stream") || first.equals("connection lost")
                ? "end of stream or connection lost" : first) + "), then " + next;
    }

    private String peek(End reader, Random detail) throws IOException {
        if (!reader.channel.kind.stream) {
            return peekDatagram(reader);
        }
        TcpStream stream = (TcpStream) reader.source;
        ByteBuffer dst = ByteBuffer.allocate(1 + detail.nextInt(4096));
        if (reader.closed || reader.readShut || reader.channel.broken) {
            if (reader.channel.broken && !reader.closed && !reader.readShut) {
                return "skipped (reset connection)";
            }
            return attempt(() -> stream.peek(dst));
        }
        Channel channel = reader.channel;
        End writer = reader.other();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            long due = channel.sent[writer.side] - channel.received[writer.side];
            boolean endDue = writer.closed || writer.writeShut;
            awaitIfDue(reader, due, endDue);
            int n = stream.peek(dst.clear());
            if (n > 0) {
                check(reader, dst.flip(), false);
                return "peeked";
            }
            if (n < 0) {
                if (!endDue || due > 0) {
                    throw new Broken("peek saw end of stream with " + due + " bytes due", null);
                }
                return "end of stream";
            }
            reader.readReady = false;
            if (due == 0 && !endDue) {
                return "nothing";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Broken("no progress peeking for " + BOUND.toMillis() + " ms", null);
            }
        }
    }

    private String shutdown(End end, String how) {
        try {
            ((StreamSocket<?>) end.source).shutdown(io.mio.net.Shutdown.valueOf(how));
        } catch (IOException | RuntimeException e) {
            return category(e);
        }
        if (!"WRITE".equals(how)) {
            end.readShut = true;
        }
        if (!"READ".equals(how)) {
            end.writeShut = true;
        }
        Channel channel = end.channel;
        if (channel.kind == Kind.TCP && end.readShut && end.writeShut
                && channel.sent[1 - end.side] > channel.received[1 - end.side]) {
            // bytes unread, maybe some in flight: Linux resets the connection if they arrive after
            // both halves were shut, so the peer sees a reset or an end of stream, by timing
            channel.broken = true;
        }
        return "ok";
    }

    private String close(End end) throws IOException {
        Channel channel = end.channel;
        if (!end.closed && channel.kind.stream && channel.kind != Kind.PIPE
                && channel.sent[1 - end.side] > channel.received[1 - end.side]) {
            channel.broken = true; // closed with bytes unread: the kernel resets the connection
        }
        retire(end, "closed");
        end.closed = true;
        try {
            end.close();
        } catch (IOException e) {
            return category(e);
        }
        return "ok";
    }

    private String reregister(End end, int variant) {
        Kind kind = end.channel.kind;
        Interest interests = kind == Kind.PIPE || kind == Kind.LISTENER ? end.valid() : switch (variant) {
            case 0 -> Interest.READABLE;
            case 1 -> Interest.WRITABLE;
            default -> Interest.READABLE.add(Interest.WRITABLE);
        };
        if (end.closed) {
            return attempt(() -> {
                poll.registry().reregister(end.source, new Token(-1), interests);
                return "normally";
            });
        }
        if (end.token == null) { // whether a wait registered it again depends on timing: register, as a loop would
            try {
                register(end, interests);
            } catch (IOException | RuntimeException e) {
                throw new Broken("register of an open, deregistered source failed: " + e, e);
            }
            return "ok";
        }
        retire(end, "replaced");
        end.token = newToken(end);
        end.interests = interests;
        try {
            poll.registry().reregister(end.source, end.token, interests);
        } catch (IOException | RuntimeException e) {
            throw new Broken("reregister of an open, registered source failed: " + e, e);
        }
        return "ok";
    }

    private String deregister(End end) {
        if (end.token == null && !end.closed) {
            return "ok"; // whether a wait registered it again depends on timing
        }
        if (end.closed) {
            return attempt(() -> {
                poll.registry().deregister(end.source);
                return "normally";
            });
        }
        retire(end, "deregistered");
        try {
            poll.registry().deregister(end.source);
        } catch (IOException | RuntimeException e) {
            throw new Broken("deregister of an open, registered source failed: " + e, e);
        }
        return "ok";
    }

    private String reopen(Channel channel) throws IOException {
        for (End end : channel.ends) {
            if (end != null && !end.closed) {
                retire(end, "closed by a reopen");
                end.closed = true;
                end.close();
            }
        }
        closeClients(channel);
        channels[channel.index] = open(channel.index, channel.kind, channel.generation + 1);
        return "ok";
    }

    // ---- listeners

    /** Connects a client to a listener and waits (on a poll of its own) until the connect completed. */
    private String connect(End end) throws IOException {
        Channel channel = end.channel;
        if (end.closed) {
            return "not connected (the listener is closed)"; // a refusal is REFUSED's business
        }
        if (channel.clients.stream().filter(c -> !c.accepted).count() >= MAX_PENDING) {
            return "not connected (" + MAX_PENDING + " pending)";
        }
        TcpStream client = TcpStream.connect((InetSocketAddress) end.address, backend);
        channel.clients.add(new Client(client, null)); // closed with the channel even if what follows throws
        try (Poll setup = backend.openPoll()) {
            Events setupEvents = Events.withCapacity(2);
            setup.registry().register(client, new Token(0), Interest.WRITABLE);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (client.peerAddress() == null) {
                IOException error = client.takeError();
                if (error != null) {
                    throw new Broken("a connect to a listening loopback port failed: " + error, error);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new Broken("a connect to a listening loopback port did not complete within " + BOUND, null);
                }
                setup.poll(setupEvents, Duration.ofMillis(50));
            }
            setup.registry().deregister(client);
        }
        channel.clients.set(channel.clients.size() - 1, new Client(client, client.localAddress()));
        return "connected";
    }

    /** {@return how many completed connects a listener has not accepted yet} */
    private static int due(End listener) {
        if (listener.closed) {
            return 0;
        }
        int due = 0;
        for (Client client : listener.channel.clients) {
            due += client.accepted ? 0 : 1;
        }
        return due;
    }

    /**
     * Accepts until would-block, waiting for events while completed connects are due, and checks
     * that each accepted connection comes from a client that connected and was not accepted yet.
     */
    private String accept(End end) throws IOException {
        TcpListener listener = (TcpListener) end.source;
        if (end.closed) {
            return attempt(listener::accept);
        }
        int accepted = 0;
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            if (!end.readReady && due(end) > 0) {
                await(end, true, due(end) + " completed connects are not accepted yet");
            }
            TcpStream stream = listener.accept();
            if (stream != null) {
                InetSocketAddress peer;
                try (stream) {
                    peer = stream.peerAddress();
                }
                Client client = end.channel.clients.stream().filter(c -> !c.accepted && peer.equals(c.address))
                        .findFirst().orElseThrow(() -> new Broken("accepted a connection from " + peer
                                + ", which is no pending client", null));
                client.accepted = true;
                accepted++;
                deadline = System.nanoTime() + BOUND.toNanos();
                continue;
            }
            end.readReady = false;
            if (due(end) == 0) {
                return "accepted " + accepted;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Broken(due(end) + " completed connects were not accepted within " + BOUND.toMillis()
                        + " ms", null);
            }
        }
    }

    /** Closes the oldest client that was not accepted yet (its connection stays in the accept queue). */
    private static String closePending(Channel channel) throws IOException {
        for (Client client : channel.clients) {
            if (!client.accepted && !client.closed) {
                client.closed = true;
                client.stream.close();
                return "closed";
            }
        }
        return "none pending";
    }

    private static void closeClients(Channel channel) throws IOException {
        IOException failure = null;
        for (Client client : channel.clients) {
            if (!client.closed) {
                client.closed = true;
                try {
                    client.stream.close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A connect to a loopback port nobody listens on (a listener's, closed): the event that ends it
     * and what {@code takeError} says, twice (the second time nothing: it clears the error). The
     * event's flags are compared where both backends report them ({@code flags}, the op's variant).
     */
    private String refused(int flags) throws IOException {
        InetSocketAddress closedPort;
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                backend)) {
            closedPort = listener.localAddress();
        }
        TcpStream client;
        try {
            client = TcpStream.connect(closedPort, backend);
        } catch (IOException e) {
            return "connect threw: " + category(e);
        }
        try (client; Poll own = backend.openPoll()) {
            Events ownEvents = Events.withCapacity(2);
            own.registry().register(client, new Token(0), Interest.WRITABLE);
            Seen seen = null;
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (seen == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw new Broken("no event within " + BOUND.toMillis() + " ms for a connect to a closed port",
                            null);
                }
                own.poll(ownEvents, Duration.ofMillis(50));
                for (Event event : ownEvents) {
                    seen = Seen.of(event);
                }
            }
            if (!seen.writable() && !seen.error() && !seen.writeClosed()) {
                throw new Broken("the event of a refused connect is neither writable, error nor write-closed: "
                        + seen, null);
            }
            IOException first = client.takeError();
            InetSocketAddress peer = first == null ? connectedTo(client) : null;
            if (peer != null) {
                // the kernel says connected: it chose the closed port as the source port and the
                // socket connected to itself (seen: 127.0.0.1:35370 to itself), or someone listens
                // there again; by chance, on one backend's run and not the other's
                return CONNECTED_ANYWAY + " from " + client.localAddress() + " to " + peer + ")";
            }
            IOException second = client.takeError();
            boolean error = (flags & DifferentialProgram.REFUSED_ERROR) != 0;
            boolean writeClosed = (flags & DifferentialProgram.REFUSED_WRITE_CLOSED) != 0;
            return "event" + (error ? " error " + seen.error() : "")
                    + (writeClosed ? " write-closed " + seen.writeClosed() : "") + "; takeError "
                    + (first == null ? "null" : category(first)) + ", then "
                    + (second == null ? "null" : category(second));
        }
    }

    /** {@return the stream's peer, or null if it has none or the call fails} */
    private static InetSocketAddress connectedTo(TcpStream client) {
        try {
            return client.peerAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- datagrams

    /** {@return a datagram end as an endpoint of any address type} (its own, by construction) */
    @SuppressWarnings("unchecked")
    private static DatagramEndpoint<SocketAddress> datagram(End end) {
        return (DatagramEndpoint<SocketAddress>) (DatagramEndpoint<?>) end.source;
    }

    private static boolean connected(Kind kind) {
        return kind == Kind.UDP_CONNECTED || kind == Kind.UNIX_DATAGRAM_PAIR;
    }

    private static byte datagramByte(long key, int number, int offset) {
        return streamByte(key + number * 0x632BE59BD9B4E019L, offset);
    }

    private String send(End end, int size, boolean direct) throws IOException {
        Channel channel = end.channel;
        End receiver = end.other();
        int most = channel.kind == Kind.UDP || channel.kind == Kind.UDP_CONNECTED ? MAX_QUEUED_DATAGRAMS
                : MAX_QUEUED_UNIX_DATAGRAMS;
        if (!end.closed && (receiver.closed || channel.queued[end.side].size() >= most)) {
            return "skipped"; // an ICMP error, or a drop, would depend on timing or capability
        }
        int number = channel.datagrams[end.side];
        long key = channel.key(end.side);
        ByteBuffer datagram = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            datagram.put(datagramByte(key, number, i));
        }
        datagram.flip();
        DatagramEndpoint<SocketAddress> socket = datagram(end);
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            boolean sent;
            try {
                sent = connected(channel.kind) ? socket.send(datagram)
                        : socket.sendTo(datagram, receiver.address);
            } catch (IOException | RuntimeException e) {
                if (end.closed) {
                    return category(e);
                }
                throw new Broken("send failed: " + e, e);
            }
            if (end.closed) {
                return "returned " + sent;
            }
            if (sent) {
                channel.datagrams[end.side]++;
                channel.queued[end.side].add(new int[] {number, size});
                return "sent";
            }
            end.writeReady = false;
            if (System.nanoTime() - deadline > 0) {
                throw new Broken("a datagram was not sent within " + BOUND.toMillis() + " ms", null);
            }
            await(end, false, "a datagram is to be sent");
        }
    }

    private void checkDatagram(End receiver, ByteBuffer got, SocketAddress sender, boolean consume)
            throws IOException {
        Channel channel = receiver.channel;
        int from = 1 - receiver.side;
        int[] expected = channel.queued[from].peek();
        if (expected == null) {
            throw new Broken(receiver + " received a datagram of " + got.remaining() + " bytes that nobody sent", null);
        }
        if (sender != null && !sender.equals(receiver.other().address)) {
            throw new Broken(receiver + " received a datagram from " + sender + ", not its peer", null);
        }
        if (got.remaining() != expected[1]) {
            throw new Broken(receiver + " received " + got.remaining() + " bytes where datagram " + expected[0]
                    + " of " + expected[1] + " bytes was next (lost, reordered or truncated)", null);
        }
        long key = channel.key(from);
        for (int i = 0; i < expected[1]; i++) {
            if (got.get(got.position() + i) != datagramByte(key, expected[0], i)) {
                throw new Broken(receiver + " received datagram " + expected[0] + " corrupted at byte " + i, null);
            }
        }
        if (consume) {
            channel.queued[from].poll();
            channel.datagramsReceived[from]++;
            channel.crc[from].update(got.duplicate());
        }
    }

    private String receive(End receiver, int variant) throws IOException {
        DatagramEndpoint<SocketAddress> socket = datagram(receiver);
        ByteBuffer dst = variant == 1 ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048);
        boolean connected = connected(receiver.channel.kind);
        if (receiver.closed) {
            return attempt(() -> socket.receive(dst));
        }
        ArrayDeque<int[]> queue = receiver.channel.queued[1 - receiver.side];
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            awaitIfDue(receiver, queue.size(), false);
            dst.clear();
            SocketAddress sender;
            if (variant == 2 && connected) {
                if (socket.recv(dst) >= 0) { // -1: none waiting (an empty datagram is 0)
                    checkDatagram(receiver, dst.flip(), null, true);
                    deadline = System.nanoTime() + BOUND.toNanos();
                    continue;
                }
            } else {
                sender = socket.receive(dst);
                if (sender != null) {
                    checkDatagram(receiver, dst.flip(), sender, true);
                    deadline = System.nanoTime() + BOUND.toNanos();
                    continue;
                }
            }
            receiver.readReady = false;
            if (queue.isEmpty()) {
                return "drained";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Broken(queue.size() + " datagrams did not arrive within " + BOUND.toMillis() + " ms", null);
            }
        }
    }

    private String peekDatagram(End receiver) throws IOException {
        UdpSocket socket = (UdpSocket) receiver.source;
        ByteBuffer dst = ByteBuffer.allocate(2048);
        if (receiver.closed) {
            return attempt(() -> socket.peekFrom(dst));
        }
        ArrayDeque<int[]> queue = receiver.channel.queued[1 - receiver.side];
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            awaitIfDue(receiver, queue.size(), false);
            InetSocketAddress sender = socket.peekFrom(dst.clear());
            if (sender != null) {
                checkDatagram(receiver, dst.flip(), sender, false);
                return "peeked";
            }
            receiver.readReady = false;
            if (queue.isEmpty()) {
                return "nothing";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Broken("no datagram to peek within " + BOUND.toMillis() + " ms", null);
            }
        }
    }

    // ---------------------------------------------------------------- the end

    /** Closes every end and the poll; the first failure is thrown after all were tried. */
    private void closeAll() throws IOException {
        IOException failure = null;
        for (Channel channel : channels) {
            if (channel == null) {
                continue;
            }
            for (End end : channel.ends) {
                if (end != null && !end.closed) {
                    end.closed = true;
                    try {
                        end.close();
                    } catch (IOException e) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
            try {
                closeClients(channel);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (unixDirectory != null) {
            try (var files = Files.list(unixDirectory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(unixDirectory);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            poll.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
