package io.mio.epoll;

import io.mio.Interest;
import io.mio.spi.Readiness;
import org.junit.jupiter.api.Test;

import static io.mio.epoll.EPoll.EPOLLERR;
import static io.mio.epoll.EPoll.EPOLLET;
import static io.mio.epoll.EPoll.EPOLLHUP;
import static io.mio.epoll.EPoll.EPOLLIN;
import static io.mio.epoll.EPoll.EPOLLOUT;
import static io.mio.epoll.EPoll.EPOLLPRI;
import static io.mio.epoll.EPoll.EPOLLRDHUP;
import static io.mio.spi.Readiness.ERROR;
import static io.mio.spi.Readiness.PRIORITY;
import static io.mio.spi.Readiness.READABLE;
import static io.mio.spi.Readiness.READ_CLOSED;
import static io.mio.spi.Readiness.WRITABLE;
import static io.mio.spi.Readiness.WRITE_CLOSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The interest mapping and the flag decoding, checked against mio's epoll.rs case by case. */
class EpollDecodingTest {
    @Test
    void interestsAreAlwaysEdgeTriggeredAndReadableAsksForRdhup() {
        assertEquals(EPOLLET | EPOLLIN | EPOLLRDHUP, EPoll.toEpoll(Interest.READABLE));
        assertEquals(EPOLLET | EPOLLOUT, EPoll.toEpoll(Interest.WRITABLE));
        assertEquals(EPOLLET | EPOLLPRI, EPoll.toEpoll(Interest.PRIORITY));
        assertEquals(EPOLLET | EPOLLIN | EPOLLRDHUP | EPOLLOUT | EPOLLPRI,
                EPoll.toEpoll(Interest.READABLE.add(Interest.WRITABLE).add(Interest.PRIORITY)));
    }

    @Test
    void inIsReadable() {
        assertEquals(READABLE, EPoll.toReadiness(EPOLLIN));
    }

    @Test
    void priIsReadableAndPriority() {
        assertEquals(READABLE | PRIORITY, EPoll.toReadiness(EPOLLPRI));
    }

    @Test
    void outIsWritable() {
        assertEquals(WRITABLE, EPoll.toReadiness(EPOLLOUT));
    }

    @Test
    void rdhupAloneIsNotReadClosed() {
        // mio: read-closed needs EPOLLIN with EPOLLRDHUP
        assertEquals(0, EPoll.toReadiness(EPOLLRDHUP));
        assertEquals(READABLE | READ_CLOSED, EPoll.toReadiness(EPOLLIN | EPOLLRDHUP));
    }

    @Test
    void hupIsReadAndWriteClosed() {
        assertEquals(READ_CLOSED | WRITE_CLOSED, EPoll.toReadiness(EPOLLHUP));
        assertEquals(READABLE | WRITABLE | READ_CLOSED | WRITE_CLOSED,
                EPoll.toReadiness(EPOLLIN | EPOLLOUT | EPOLLHUP));
    }

    @Test
    void errAloneIsErrorAndWriteClosed() {
        assertEquals(ERROR | WRITE_CLOSED, EPoll.toReadiness(EPOLLERR));
    }

    @Test
    void outWithErrIsWriteClosedAsAPipeWhoseReaderIsGone() {
        assertEquals(WRITABLE | ERROR | WRITE_CLOSED, EPoll.toReadiness(EPOLLOUT | EPOLLERR));
    }

    @Test
    void inWithErrIsNotWriteClosed() {
        assertEquals(READABLE | ERROR, EPoll.toReadiness(EPOLLIN | EPOLLERR));
    }

    @Test
    void refusedConnectIsErrorAndBothClosed() {
        // what Linux reports for a refused non-blocking connect
        assertEquals(READABLE | WRITABLE | ERROR | READ_CLOSED | WRITE_CLOSED,
                EPoll.toReadiness(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP));
    }

    @Test
    void nothingIsNothing() {
        assertEquals(0, EPoll.toReadiness(0));
        assertEquals(0, Readiness.READABLE & EPoll.toReadiness(EPOLLOUT));
    }

    @Test
    void epollBitsEqualPollBitsSoTheyShareOneDecoder() {
        assertEquals(io.mio.posix.PollBits.POLLIN, EPOLLIN);
        assertEquals(io.mio.posix.PollBits.POLLPRI, EPOLLPRI);
        assertEquals(io.mio.posix.PollBits.POLLOUT, EPOLLOUT);
        assertEquals(io.mio.posix.PollBits.POLLERR, EPOLLERR);
        assertEquals(io.mio.posix.PollBits.POLLHUP, EPOLLHUP);
        assertEquals(io.mio.posix.PollBits.POLLRDHUP, EPOLLRDHUP);
    }
}
