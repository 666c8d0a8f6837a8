package io.mio.poll;

import io.mio.Interest;
import io.mio.posix.Downcalls;
import io.mio.posix.PollBits;

import io.mio.spi.Readiness;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * poll(2)'s facts: {@code struct pollfd { int fd; short events; short revents; }} (8 bytes, the
 * same on every POSIX ABI), the mapping of armed kinds to its flags ({@link PollBits}, which also
 * decodes them), and the downcall.
 */
final class PollFd {
    /** {@code struct pollfd}. */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    /** sizeof(struct pollfd): the stride of the array. */
    static final long SIZE = LAYOUT.byteSize();
    private static final long EVENTS = LAYOUT.byteOffset(groupElement("events"));
    private static final long REVENTS = LAYOUT.byteOffset(groupElement("revents"));
    /** int poll(struct pollfd *fds, nfds_t nfds, int timeout): it blocks, so not critical. */
    private static final MethodHandle poll$mh = Downcalls.blocking("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private PollFd() {
    }

    static int poll(MemorySegment state, MemorySegment fds, int count, int timeoutMillis) {
        try {
            return (int) poll$mh.invokeExact(state, fds, (long) count, timeoutMillis);
        } catch (Throwable e) {
            throw new AssertionError("poll downcall", e);
        }
    }

    static void set(MemorySegment fds, int i, int fd, int events) {
        fds.set(JAVA_INT, i * SIZE, fd);
        fds.set(JAVA_SHORT, i * SIZE + EVENTS, (short) events);
        fds.set(JAVA_SHORT, i * SIZE + REVENTS, (short) 0);
    }

    static int revents(MemorySegment fds, int i) {
        return fds.get(JAVA_SHORT, i * SIZE + REVENTS) & 0xFFFF;
    }

    /**
     * The armed bit that keeps a registration in the pollfd array with no kind armed: poll reports
     * hang-up and error whatever is asked, so a source must stay polled until one is reported once.
     */
    static final int WATCH = 1 << 16;

    /** @return what an interest arms: readable (with priority when asked), writable, and {@link #WATCH} */
    static int armable(Interest interests) {
        return (interests.isReadable() ? Readiness.READABLE : 0) | (interests.isWritable() ? Readiness.WRITABLE : 0)
                | (interests.isPriority() ? Readiness.PRIORITY : 0) | WATCH;
    }

    /** @return the pollfd events for armed Readiness kinds */
    static int toEvents(int armed) {
        return PollBits.forReadiness(armed);
    }
}
