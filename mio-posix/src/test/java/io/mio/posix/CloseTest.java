package io.mio.posix;

import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixStream;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Use after close, closes racing operations, and descriptor leaks. */
@Timeout(120)
class CloseTest {
    static final TestProvider P = TestProvider.INSTANCE;
    static final InetSocketAddress ANY_V4 = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /**
     * The read a {@link ReadElision} answers makes no system call, so it takes no hold on the
     * descriptor and checks for close itself. Descriptor -1: a read that reached the kernel would
     * fail with EBADF, so the first read shows that no call was made.
     */
    @Test
    void anElidedReadOfAClosedDescriptorFails() throws IOException {
        NativeFd nfd = new NativeFd(-1, false);
        ReadElision elision = new ReadElision();
        elision.registered(true);
        elision.afterRead(elision.beforeRead(), 64, 10); // a short read
        ByteBuffer dst = ByteBuffer.allocateDirect(64);
        assertEquals(0, Transfers.read(nfd, dst, true, elision), "elided: would-block without a call");
        nfd.close();
        assertThrows(ClosedChannelException.class, () -> Transfers.read(nfd, dst, true, elision));
    }

    @Test
    void everyOperationAfterCloseIsAClosedChannelException() throws Exception {
        TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false);
        TcpStream stream = PosixSockets.connectTcpStream(P, listener.localAddress());
        UdpSocket udp = PosixSockets.bindUdpSocket(P, ANY_V4);
        Pipe pipe = PosixSockets.openPipe(P);
        listener.close();
        stream.close();
        udp.close();
        pipe.close();
        assertThrows(ClosedChannelException.class, listener::accept);
        assertThrows(ClosedChannelException.class, listener::localAddress);
        assertThrows(ClosedChannelException.class, () -> stream.read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> stream.write(new ByteBuffer[] {ByteBuffer.allocate(1)}));
        assertThrows(ClosedChannelException.class, () -> stream.peek(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, stream::peerAddress);
        assertThrows(ClosedChannelException.class, () -> stream.setNodelay(true));
        assertThrows(ClosedChannelException.class, () -> udp.sendTo(ByteBuffer.allocate(1), ANY_V4));
        assertThrows(ClosedChannelException.class, () -> udp.receive(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> pipe.sender().write(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> pipe.receiver().read(ByteBuffer.allocate(1)));
    }

    /**
     * A thread reads in a loop while another closes the socket and at once opens a new one, which
     * usually gets the same descriptor number. The reader must end with ClosedChannelException
     * (from the guard, not EBADF from the kernel) and must never read from the new socket.
     */
    @Test
    void aCloseRacingReadsNeverTouchesARecycledDescriptor() throws Exception {
        int recycled = 0;
        for (int round = 0; round < 200; round++) {
            UnixStream[] victim = PosixSockets.unixStreamPair(P);
            int victimFd = PosixSockets.fd(victim[0]);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            CountDownLatch reading = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().start(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(16);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                try {
                    while (System.nanoTime() < deadline) {
                        int n = victim[0].read(buffer.clear());
                        reading.countDown();
                        if (n != 0) {
                            ended.set(new AssertionError("read " + n + " bytes that nobody wrote to this socket"));
                            return;
                        }
                    }
                    ended.set(new AssertionError("the reader was never stopped by the close"));
                } catch (Throwable t) {
                    ended.set(t);
                }
            });
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            victim[0].close();
            UnixStream[] fresh = PosixSockets.unixStreamPair(P);
            try {
                if (PosixSockets.fd(fresh[0]) == victimFd || PosixSockets.fd(fresh[1]) == victimFd) {
                    recycled++;
                }
                // bytes for whichever end got the old number: the reader must not take them
                fresh[1].write(ByteBuffer.wrap(new byte[] {1}));
                fresh[0].write(ByteBuffer.wrap(new byte[] {2}));
                reader.join(15_000);
                // from the guard or IoSource.ensureOpen, never EBADF from the kernel (ClosedDescriptorException)
                assertTrue(ended.get() instanceof ClosedChannelException
                        && !(ended.get() instanceof Errno.ClosedDescriptorException), () -> "round: " + ended.get());
                ByteBuffer got = ByteBuffer.allocate(4);
                assertEquals(1, (int) Loops.until("fresh read", () -> fresh[0].read(got), n -> n != 0));
                assertEquals(1, (int) Loops.until("fresh read", () -> fresh[1].read(got.clear()), n -> n != 0));
            } finally {
                fresh[0].close();
                fresh[1].close();
                victim[1].close();
            }
        }
        assertTrue(recycled > 0, "the kernel never reused the closed number, so the race was not exercised");
    }

    /** Closing from several threads at once, while others write: one close(2), nothing thrown but ClosedChannelException. */
    @Test
    void concurrentClosesAndWritesAreSafe() throws Exception {
        for (int round = 0; round < 100; round++) {
            Pipe pipe = PosixSockets.openPipe(P);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread[] threads = new Thread[4];
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < threads.length; i++) {
                boolean closer = i % 2 == 0;
                threads[i] = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        if (closer) {
                            pipe.sender().close();
                        } else {
                            for (int j = 0; j < 1000; j++) {
                                pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
                            }
                        }
                    } catch (ClosedChannelException expected) {
                        // the close won
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(10_000);
            }
            pipe.receiver().close();
            assertNull(failure.get(), () -> "unexpected: " + failure.get());
        }
    }

    @Test
    void manyOpenCloseCyclesLeaveNoDescriptorOpen() throws Exception {
        cycle(); // load every class and thread-local first: they may open files once
        int before = TestProvider.openDescriptors();
        for (int i = 0; i < 2000; i++) {
            cycle();
        }
        assertEquals(before, TestProvider.openDescriptors(), "descriptors open before and after 2000 cycles");
    }

    private static void cycle() throws Exception {
        try (TcpListener listener = PosixSockets.bindTcpListener(P, ANY_V4, 0, false);
             TcpStream client = PosixSockets.connectTcpStream(P, listener.localAddress());
             TcpStream server = Loops.nonNull("accept", listener::accept);
             UdpSocket udp = PosixSockets.bindUdpSocket(P, ANY_V4);
             Pipe pipe = PosixSockets.openPipe(P)) {
            UnixStream[] pair = PosixSockets.unixStreamPair(P);
            pair[0].close();
            pair[1].close();
            server.write(ByteBuffer.wrap(new byte[] {1}));
            udp.localAddress();
            client.localAddress();
            pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
        }
        try {
            // a failed bind closes its socket
            try (TcpListener a = PosixSockets.bindTcpListener(P, ANY_V4, 0, false)) {
                PosixSockets.bindTcpListener(P, a.localAddress(), 0, false).close();
            }
        } catch (IOException expected) {
            // EADDRINUSE
        }
    }
}
