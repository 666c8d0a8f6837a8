package io.mio.posix;

import io.mio.Interest;
import io.mio.Token;
import io.mio.net.TcpListener;
import io.mio.spi.Readiness;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registration table as a level-triggered backend sees it: the source's real I/O reports its
 * would-block to the registration (the re-arm hook), readiness posted from another thread is queued
 * and wakes the poll, and a registration that ended drops stale data and posts.
 */
class RegistrationTableTest {
    private static final TestProvider P = TestProvider.INSTANCE;

    /** A backend that records what the table asks of it. */
    private static final class Recording implements RegistrationTable.Backend {
        final List<String> rearms = new ArrayList<>();
        int wakes;

        @Override
        public synchronized void rearm(Registration registration, int readiness) {
            rearms.add(registration.fd() + ":" + readiness);
        }

        @Override
        public void wake() {
            wakes++;
        }
    }

    private static Registration register(RegistrationTable table, io.mio.Source source, Token token) {
        // a registry sees a socket's or pipe end's I/O object, which the socket or end delegates to
        Object owner = source instanceof io.mio.net.NetSocket socket ? socket.io()
                : source instanceof Pipe.End end ? end.io() : source;
        synchronized (table) {
            int fd = PosixSockets.fd(source);
            return table.add(fd, table.nextGeneration(fd), owner, token, Interest.READABLE.add(Interest.WRITABLE));
        }
    }

    @Test
    void aReadOrAcceptThatWouldBlockReArmsTheRegistration() throws Exception {
        Recording backend = new Recording();
        RegistrationTable table = new RegistrationTable(backend, true);
        try (Pipe pipe = PosixSockets.openPipe(P);
             TcpListener listener = PosixSockets.bindTcpListener(P, CloseTest.ANY_V4, 0, false)) {
            int fd = PosixSockets.fd(pipe.receiver());
            register(table, pipe.receiver(), new Token(1));
            int listenerFd = PosixSockets.fd(listener);
            register(table, listener, new Token(2));

            assertEquals(0, pipe.receiver().read(ByteBuffer.allocateDirect(8)));
            assertNull(listener.accept());
            assertEquals(List.of(fd + ":" + Readiness.READABLE, listenerFd + ":" + Readiness.READABLE), backend.rearms);

            pipe.sender().write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, pipe.receiver().read(ByteBuffer.allocateDirect(8)));
            assertEquals(2, backend.rearms.size(), "a read that moved bytes re-arms nothing");
        }
    }

    @Test
    void anEdgeReportingTableNeverCallsTheReArm() throws Exception {
        Recording backend = new Recording();
        RegistrationTable table = new RegistrationTable(backend, false);
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            register(table, pipe.receiver(), new Token(1));
            assertEquals(0, pipe.receiver().read(ByteBuffer.allocateDirect(8)));
            assertTrue(backend.rearms.isEmpty(), backend.rearms.toString());
        }
    }

    @Test
    void aWouldBlockAfterTheRegistrationEndedReachesNoRegistration() throws Exception {
        Recording backend = new Recording();
        RegistrationTable table = new RegistrationTable(backend, true);
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            Registration r = register(table, pipe.receiver(), new Token(1));
            synchronized (table) {
                table.remove(r);
            }
            assertEquals(0, pipe.receiver().read(ByteBuffer.allocateDirect(8)));
            assertTrue(backend.rearms.isEmpty(), backend.rearms.toString());
        }
    }

    @Test
    void readinessPostedFromAnotherThreadIsQueuedOnceAndWakesThePoll() throws Exception {
        Recording backend = new Recording();
        RegistrationTable table = new RegistrationTable(backend, true);
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            Token token = new Token(7);
            Registration r = register(table, pipe.receiver(), token);
            Thread poster = Thread.ofPlatform().start(() -> {
                try {
                    assertTrue(r.post(Readiness.READABLE));
                    assertTrue(r.post(Readiness.WRITABLE));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            poster.join();
            assertTrue(table.hasPosted());
            assertEquals(2, backend.wakes);
            synchronized (table) {
                Registration first = table.firstPosted();
                assertSame(r, first);
                assertSame(token, first.token());
                assertEquals(Readiness.READABLE | Readiness.WRITABLE, table.postedReadiness(first));
                table.removeFirstPosted();
                assertNull(table.firstPosted(), "posted twice, queued once");
            }
            assertFalse(table.hasPosted());
        }
    }

    @Test
    void anEndedRegistrationTakesNoPostAndItsDataIsStale() throws Exception {
        Recording backend = new Recording();
        RegistrationTable table = new RegistrationTable(backend, true);
        try (Pipe pipe = PosixSockets.openPipe(P)) {
            Registration first = register(table, pipe.receiver(), new Token(1));
            long staleData = first.data();
            assertTrue(first.post(Readiness.READABLE));
            synchronized (table) {
                table.remove(first);
                assertNull(table.current(staleData));
                assertEquals(0, table.postedReadiness(table.firstPosted()), "a post queued before the end is dropped");
            }
            assertFalse(first.post(Readiness.READABLE));
            Registration second = register(table, pipe.receiver(), new Token(2));
            assertNotEquals(staleData, second.data());
            synchronized (table) {
                assertNull(table.current(staleData), "an event of the earlier registration is stale");
                assertSame(second, table.current(second.data()));
            }
            table.release();
            assertFalse(second.post(Readiness.READABLE), "the poll is closed");
        }
    }
}
