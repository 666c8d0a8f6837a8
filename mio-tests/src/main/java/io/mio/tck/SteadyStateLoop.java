package io.mio.tck;

import io.mio.Event;
import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The program behind the TCK's steady-state allocation case, run in a JVM of its own: an event
 * loop's rounds (write, poll until readable, read until would-block) over one loopback TCP pair of
 * the named backend, measured in passes of 2,000 rounds with the thread's allocation counter until
 * a pass allocates nothing (at most 40). It prints one line, {@code allocated: N N N ...}, and exits
 * 0, or prints why it could not measure and exits 2.
 *
 * <p>Why a JVM of its own: whether HotSpot removes an allocation depends on what it inlined, and
 * that depends on every other piece of code the JVM has run (the type profiles of the JDK's shared
 * code). On JDK 25, each system call made with {@code Linker.Option.captureCallState} slices the
 * capture segment ({@code SharedUtils.checkCaptureSegment}); C2 removes that 40-byte slice only
 * when it inlines the whole chain down to it, which it may not do in a JVM whose profiles the rest
 * of the TCK (arena buffers, other backends) has filled. A server's event loop runs in a process
 * where it is the hot code, as here and as in JMH's forked runs.
 *
 * <p>Why {@code -Xbatch} (the TCK starts this JVM with it): with background compilation, when C2
 * compiles the loop depends on timing, and so does the profile it compiles from. In about one JVM in
 * four (poll backend, measured 30 November 2026) C2 inlined the whole read path into the loop and ran
 * out of its node budget ({@code NodeCountInliningCutoff}, in {@code -XX:+LogCompilation}) at the
 * {@code asSlice} under {@code checkCaptureSegment}, so that one call's capture slice stayed a heap
 * object: 40 bytes per round, for the life of that compiled code. With foreground compilation the
 * order is fixed and every run settled at zero within four passes. An allocation in mio's own code
 * is on every run's path and still fails this case.
 */
public final class SteadyStateLoop {
    private static final Token SERVER = new Token(7);
    private static final Token CONNECTING = new Token(8);
    private static final Duration WAIT = Duration.ofMillis(500);

    private SteadyStateLoop() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the backend's name
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        if (threads.getCurrentThreadAllocatedBytes() < 0) {
            System.out.println("no allocation counter: this JVM has thread allocation counting disabled");
            System.exit(2);
        }
        PollProvider provider = PollProvider.named(args[0]);
        try (Poll poll = provider.openPoll();
             TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), provider);
             TcpStream client = TcpStream.connect(listener.localAddress(), provider);
             TcpStream server = accept(poll, listener, client)) {
            poll.registry().register(server, SERVER, Interest.READABLE);
            Events events = Events.withCapacity(8);
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            StringBuilder figures = new StringBuilder("allocated:");
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < 40 && best > 0; pass++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int round = 0; round < 2_000; round++) {
                    if (!round(poll, client, server, events, out, in)) {
                        System.out.println("no readable event in pass " + pass + ", round " + round);
                        System.exit(2);
                    }
                }
                long bytes = threads.getCurrentThreadAllocatedBytes() - before;
                figures.append(' ').append(bytes);
                best = Math.min(best, bytes);
            }
            System.out.println(figures);
        }
    }

    /** One round of an event loop; {@return whether the poll reported the server readable} */
    private static boolean round(Poll poll, TcpStream client, TcpStream server, Events events, ByteBuffer out,
                                 ByteBuffer in) throws IOException {
        out.clear();
        client.write(out);
        boolean readable = false;
        for (int i = 0; i < 3 && !readable; i++) {
            poll.poll(events, WAIT);
            for (Event event : events) {
                readable |= event.token() == SERVER && event.isReadable();
            }
        }
        if (readable) {
            while (server.read(in.clear()) > 0) {
                // drain until would-block, which re-arms the edge
            }
        }
        return readable;
    }

    /** Accepts the client's connection and waits until the client is connected (bounded). */
    private static TcpStream accept(Poll poll, TcpListener listener, TcpStream client) throws IOException {
        poll.registry().register(client, CONNECTING, Interest.WRITABLE);
        Events events = Events.withCapacity(8);
        TcpStream accepted = null;
        boolean connected = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accepted == null || !connected) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no connection within 10 s");
            }
            if (accepted == null) {
                accepted = listener.accept();
            }
            poll.poll(events, Duration.ofMillis(50));
            for (Event event : events) {
                connected |= event.token() == CONNECTING && event.isWritable();
            }
        }
        IOException failed = client.takeError();
        if (failed != null) {
            throw failed;
        }
        poll.registry().deregister(client);
        return accepted;
    }
}
