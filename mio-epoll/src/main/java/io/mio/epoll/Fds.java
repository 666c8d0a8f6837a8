package io.mio.epoll;

import io.mio.posix.Downcalls;
import io.mio.posix.Errno;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** close, and the 8-byte eventfd counter reads and writes. TODO replace with mio-posix */
final class Fds {
    // quick (critical) is right for these descriptors: closing an epoll or eventfd never blocks
    private static final MethodHandle close$mh = Downcalls.quick("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle read$mh = Downcalls.quick("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle write$mh = Downcalls.quick("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private Fds() {
    }

    static void close(int fd) throws IOException {
        MemorySegment state = Downcalls.callState();
        int r;
        try {
            r = (int) close$mh.invokeExact(state, fd);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        if (r < 0 && Downcalls.errno(state) != Errno.EINTR) {
            throw Errno.exception("close(" + fd + ")", Downcalls.errno(state));
        }
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    /** Reads an eventfd's counter back to 0; would-block (nothing pending) is fine. */
    static void readCounter(int fd, MemorySegment buffer) {
        try {
            long ignored = (long) read$mh.invokeExact(Downcalls.callState(), fd, buffer, 8L);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** Adds 1 to an eventfd's counter; EAGAIN (saturated: a wake is pending) is fine. */
    static void writeCounter(int fd, MemorySegment buffer) throws IOException {
        buffer.set(JAVA_LONG, 0, 1L);
        MemorySegment state = Downcalls.callState();
        long r;
        try {
            r = (long) write$mh.invokeExact(state, fd, buffer, 8L);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        if (r < 0 && Downcalls.errno(state) != Errno.EAGAIN) {
            // the message is built only here: a wake must not allocate
            throw Errno.exception("write(eventfd " + fd + ")", Downcalls.errno(state));
        }
    }
}
