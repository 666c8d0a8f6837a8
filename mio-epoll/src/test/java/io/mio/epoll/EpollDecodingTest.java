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
        assertEquals(EPOLLET | EPOLLIN | EPOLLRDHUP, EpollPoll.toEpoll(Interest.READABLE));
        assertEquals(EPOLLET | EPOLLOUT, EpollPoll.toEpoll(Interest.WRITABLE));
        assertEquals(EPOLLET | EPOLLPRI, EpollPoll.toEpoll(Interest.PRIORITY));
        assertEquals(EPOLLET | EPOLLIN | EPOLLRDHUP | EPOLLOUT | EPOLLPRI,
                EpollPoll.toEpoll(Interest.READABLE.add(Interest.WRITABLE).add(Interest.PRIORITY)));
    }

    @Test
    void inIsReadable() {
        assertEquals(READABLE, EpollPoll.toReadiness(EPOLLIN));
    }

    @Test
    void priIsReadableAndPriority() {
        assertEquals(READABLE | PRIORITY, EpollPoll.toReadiness(EPOLLPRI));
    }

    @Test
    void outIsWritable() {
        assertEquals(WRITABLE, EpollPoll.toReadiness(EPOLLOUT));
    }

    @Test
    void rdhupAloneIsNotReadClosed() {
        // mio: read-closed needs EPOLLIN with EPOLLRDHUP
        assertEquals(0, EpollPoll.toReadiness(EPOLLRDHUP));
        assertEquals(READABLE | READ_CLOSED, EpollPoll.toReadiness(EPOLLIN | EPOLLRDHUP));
    }

    @Test
    void hupIsReadAndWriteClosed() {
        assertEquals(READ_CLOSED | WRITE_CLOSED, EpollPoll.toReadiness(EPOLLHUP));
        assertEquals(READABLE | WRITABLE | READ_CLOSED | WRITE_CLOSED,
                EpollPoll.toReadiness(EPOLLIN | EPOLLOUT | EPOLLHUP));
    }

    @Test
    void errAloneIsErrorAndWriteClosed() {
        assertEquals(ERROR | WRITE_CLOSED, EpollPoll.toReadiness(EPOLLERR));
    }

    @Test
    void outWithErrIsWriteClosedAsAPipeWhoseReaderIsGone() {
        assertEquals(WRITABLE | ERROR | WRITE_CLOSED, EpollPoll.toReadiness(EPOLLOUT | EPOLLERR));
    }

    @Test
    void inWithErrIsNotWriteClosed() {
        assertEquals(READABLE | ERROR, EpollPoll.toReadiness(EPOLLIN | EPOLLERR));
    }

    @Test
    void refusedConnectIsErrorAndBothClosed() {
        // what Linux reports for a refused non-blocking connect
        assertEquals(READABLE | WRITABLE | ERROR | READ_CLOSED | WRITE_CLOSED,
                EpollPoll.toReadiness(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDHUP));
    }

    @Test
    void nothingIsNothing() {
        assertEquals(0, EpollPoll.toReadiness(0));
        assertEquals(0, Readiness.READABLE & EpollPoll.toReadiness(EPOLLOUT));
    }
}
