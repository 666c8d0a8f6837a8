package io.mio.posix;

import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steady-state write/read path allocates nothing once compiled: measured with the thread's
 * allocation counter over rounds of calls, until the JIT has compiled the path (a bounded number of
 * rounds). Reports the figure of each round; fails if no round reaches below 1 byte per call.
 */
@Timeout(120)
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int CALLS_PER_ROUND = 20_000;
    private static final int MAX_ROUNDS = 60;

    interface Op {
        void run() throws Exception;
    }

    /** @return the lowest bytes allocated per call over the rounds */
    static double bytesPerCall(String what, Op op) throws Exception {
        long thread = Thread.currentThread().threadId();
        double best = Double.MAX_VALUE;
        StringBuilder log = new StringBuilder(what).append(": bytes/call per round:");
        for (int round = 0; round < MAX_ROUNDS && best >= 1; round++) {
            long before = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                op.run();
            }
            double perCall = (THREADS.getThreadAllocatedBytes(thread) - before) / (double) CALLS_PER_ROUND;
            log.append(' ').append(String.format("%.2f", perCall));
            best = Math.min(best, perCall);
        }
        System.out.println(log);
        return best;
    }

    @Test
    void directAndHeapStreamWritesAndReadsAllocateNothing() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(TestProvider.INSTANCE);
        try (UnixStream a = pair[0]; UnixStream b = pair[1]) {
            ByteBuffer directOut = ByteBuffer.allocateDirect(64);
            ByteBuffer directIn = ByteBuffer.allocateDirect(64);
            ByteBuffer heapOut = ByteBuffer.allocate(64);
            ByteBuffer heapIn = ByteBuffer.allocate(64);
            ByteBuffer[] vectorOut = {ByteBuffer.allocateDirect(32), ByteBuffer.allocateDirect(32)};
            ByteBuffer[] vectorIn = {ByteBuffer.allocateDirect(32), ByteBuffer.allocateDirect(32)};
            double direct = bytesPerCall("direct write+read", () -> {
                directOut.clear();
                directIn.clear();
                a.write(directOut);
                b.read(directIn);
            });
            double heap = bytesPerCall("heap write+read", () -> {
                heapOut.clear();
                heapIn.clear();
                a.write(heapOut);
                b.read(heapIn);
            });
            double vectored = bytesPerCall("vectored direct write+read", () -> {
                vectorOut[0].clear();
                vectorOut[1].clear();
                vectorIn[0].clear();
                vectorIn[1].clear();
                a.write(vectorOut);
                b.read(vectorIn);
            });
            double wouldBlock = bytesPerCall("would-block read", () -> b.read(directIn.clear()));
            assertEquals(0, b.read(directIn.clear()));
            assertTrue(direct < 1 && heap < 1 && vectored < 1 && wouldBlock < 1,
                    "bytes per call: direct " + direct + ", heap " + heap + ", vectored " + vectored
                            + ", would-block " + wouldBlock);
        }
    }

    /**
     * A loop that owns more direct buffers than any small per-thread cache (16 connections, 48
     * buffers: one out and one in per client, one echo buffer per server end, as in the JMH echo
     * loop) still allocates nothing: the address cache is per descriptor.
     */
    @Test
    void manyDirectBuffersAcrossManySocketsAllocateNothing() throws Exception {
        int connections = 16;
        UnixStream[] clients = new UnixStream[connections];
        UnixStream[] servers = new UnixStream[connections];
        ByteBuffer[] out = new ByteBuffer[connections];
        ByteBuffer[] in = new ByteBuffer[connections];
        ByteBuffer[] echo = new ByteBuffer[connections];
        try {
            for (int i = 0; i < connections; i++) {
                UnixStream[] pair = PosixSockets.unixStreamPair(TestProvider.INSTANCE);
                clients[i] = pair[0];
                servers[i] = pair[1];
                out[i] = ByteBuffer.allocateDirect(64);
                in[i] = ByteBuffer.allocateDirect(128);
                echo[i] = ByteBuffer.allocateDirect(128);
            }
            double perRound = bytesPerCall("echo over 16 pairs, 48 direct buffers", () -> {
                for (int i = 0; i < connections; i++) {
                    clients[i].write(out[i].clear());
                    servers[i].read(echo[i].clear());
                    servers[i].write(echo[i].flip());
                    clients[i].read(in[i].clear());
                }
            });
            for (int i = 0; i < connections; i++) {
                assertEquals(64, in[i].position(), "each echo came back whole");
            }
            assertTrue(perRound < 1, "bytes per round of 64 calls: " + perRound);
        } finally {
            for (int i = 0; i < connections; i++) {
                if (clients[i] != null) {
                    clients[i].close();
                    servers[i].close();
                }
            }
        }
    }

    /** A connected datagram send and recv allocate nothing (a sendTo still does: its address is encoded from an InetAddress). */
    @Test
    void connectedDatagramSendAndRecvAllocateNothing() throws Exception {
        try (UdpSocket a = PosixSockets.bindUdpSocket(TestProvider.INSTANCE, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UdpSocket b = PosixSockets.bindUdpSocket(TestProvider.INSTANCE, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            a.connect(b.localAddress());
            ByteBuffer out = ByteBuffer.allocateDirect(32);
            ByteBuffer in = ByteBuffer.allocate(64);
            double send = bytesPerCall("datagram send+recv", () -> {
                a.send(out.clear());
                b.recv(in.clear());
            });
            assertTrue(send < 1, "bytes per call: " + send);
        }
    }

    @Test
    void acceptAllocatesOnlyTheStream() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(TestProvider.INSTANCE,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0, false)) {
            double idle = bytesPerCall("accept with nothing pending", listener::accept);
            assertTrue(idle < 1, "an accept that would block allocates nothing: " + idle);
        }
    }
}
