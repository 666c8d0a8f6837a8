package io.mio.posix;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** errno capture through the downcall helper and the mapping of errno to exceptions. */
class ErrnoTest {
    private static final MethodHandle close$mh = Downcalls.quick("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle dup$mh = Downcalls.blocking("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    @Test
    void quickAndBlockingHandlesCaptureErrno() throws Throwable {
        MemorySegment state = Downcalls.callState();
        int r = (int) close$mh.invokeExact(state, -1);
        assertEquals(-1, r);
        assertEquals(Errno.EBADF, Downcalls.errno(state));
        assertEquals(Errno.EBADF, Downcalls.lastErrno());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeState = Downcalls.newCallState(arena);
            r = (int) dup$mh.invokeExact(nativeState, 1_000_000);
            assertEquals(-1, r);
            assertEquals(Errno.EBADF, Downcalls.errno(nativeState));
        }
    }


    @Test
    void eachThreadHasItsOwnCallState() throws Exception {
        MemorySegment[] other = new MemorySegment[1];
        Thread t = Thread.ofPlatform().start(() -> other[0] = Downcalls.callState());
        t.join(10_000);
        assertTrue(other[0] != null && other[0] != Downcalls.callState());
        assertSame(Downcalls.callState(), Downcalls.callState(), "allocated once per thread");
    }

    @Test
    void aMissingSymbolIsALinkageErrorNamingIt() {
        LinkageError e = assertThrows(LinkageError.class,
                () -> Downcalls.quick("mio_no_such_function", FunctionDescriptor.ofVoid()));
        assertTrue(e.getMessage().contains("mio_no_such_function"), e.getMessage());
        assertTrue(!Downcalls.exists("mio_no_such_function") && Downcalls.exists("socket"));
    }

    @Test
    void errnoBecomesTheExceptionAJavaUserExpects() {
        IOException bind = Errno.exception("bind(127.0.0.1:8080)", Errno.EADDRINUSE);
        assertInstanceOf(BindException.class, bind);
        assertEquals("bind(127.0.0.1:8080) failed: EADDRINUSE (Address already in use)", bind.getMessage());
        assertInstanceOf(BindException.class, Errno.exception("bind", Errno.EADDRNOTAVAIL));
        assertInstanceOf(BindException.class, Errno.exception("bind(0.0.0.0:80)", Errno.EACCES));
        assertEquals(IOException.class, Errno.exception("open", Errno.EACCES).getClass());
        assertInstanceOf(ConnectException.class, Errno.exception("connect", Errno.ECONNREFUSED));
        assertInstanceOf(ConnectException.class, Errno.exception("connect", Errno.ETIMEDOUT));
        assertInstanceOf(NoRouteToHostException.class, Errno.exception("connect", Errno.EHOSTUNREACH));
        IOException reset = Errno.exception("read", Errno.ECONNRESET);
        assertEquals(SocketException.class, reset.getClass());
        assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        IOException closed = Errno.exception("write", Errno.EBADF);
        assertInstanceOf(ClosedChannelException.class, closed);
        assertEquals("write failed: EBADF (Bad file descriptor)", closed.getMessage());
        IOException other = Errno.exception("write", Errno.EPIPE);
        assertEquals(IOException.class, other.getClass());
        assertEquals("write failed: EPIPE (Broken pipe)", other.getMessage());
    }
}
