package io.mio.epoll;

import io.mio.posix.Descriptors;
import io.mio.posix.Errno;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The 8-byte counter of an eventfd (eventfd(2)): a write adds to it, a read takes it back to 0. */
final class EventFdCounter {
    private EventFdCounter() {
    }

    /** Reads an eventfd's counter back to 0; would-block (nothing pending) is fine. */
    static void readCounter(int fd, MemorySegment buffer) {
        Descriptors.read(fd, buffer, 8L);
    }

    /** Adds 1 to an eventfd's counter; EAGAIN (saturated: a wake is pending) is fine. */
    static void writeCounter(int fd, MemorySegment buffer) throws IOException {
        buffer.set(JAVA_LONG, 0, 1L);
        long r = Descriptors.write(fd, buffer, 8L);
        if (r < 0 && -r != Errno.EAGAIN) {
            // the message is built only here: a wake must not allocate
            throw Errno.exception("write(eventfd " + fd + ")", (int) -r);
        }
    }
}
