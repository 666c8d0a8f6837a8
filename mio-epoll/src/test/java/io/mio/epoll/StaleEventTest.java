package io.mio.epoll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.posix.PosixSockets;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events epoll_wait returned before a deregister or close are dropped while decoding: the poll's
 * event array is filled by hand, as if the kernel had filled it just before the registration changed.
 */
class StaleEventTest {
    @Test
    void anEventOfAnEarlierRegistrationOfTheSameDescriptorIsDropped() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe pipe = Pipe.open(poll.provider())) {
            EpollPoll.EpollRegistry registry = (EpollPoll.EpollRegistry) poll.registry();
            int fd = PosixSockets.fd(pipe.receiver());
            registry.register(pipe.receiver(), new Token(1), Interest.READABLE);
            long first = registry.dataOf(fd);
            registry.deregister(pipe.receiver());
            Token second = new Token(2);
            registry.register(pipe.receiver(), second, Interest.READABLE);
            long current = registry.dataOf(fd);
            assertNotEquals(first, current, "a new registration must carry a new generation");

            MemorySegment array = ((EpollPoll) poll).eventArray.atLeast(2);
            EPoll.setEvent(array.asSlice(0, EPoll.SIZE), EPoll.EPOLLIN, first);
            EPoll.setEvent(array.asSlice(EPoll.SIZE, EPoll.SIZE), EPoll.EPOLLIN, current);
            Events events = Events.withCapacity(4);
            decode(poll, events, 2);
            assertEquals(1, events.size(), events.toString());
            assertSame(second, events.get(0).token());
        }
    }

    @Test
    void anEventOfAClosedSourceIsDropped() throws Exception {
        try (Poll poll = Poll.open("epoll")) {
            EpollPoll.EpollRegistry registry = (EpollPoll.EpollRegistry) poll.registry();
            Pipe pipe = Pipe.open(poll.provider());
            int fd = PosixSockets.fd(pipe.receiver());
            registry.register(pipe.receiver(), new Token(1), Interest.READABLE);
            long data = registry.dataOf(fd);
            pipe.close();

            MemorySegment array = ((EpollPoll) poll).eventArray.atLeast(1);
            EPoll.setEvent(array, EPoll.EPOLLIN | EPoll.EPOLLHUP, data);
            Events events = Events.withCapacity(4);
            decode(poll, events, 1);
            assertTrue(events.isEmpty(), events.toString());
        }
    }

    /** Decodes the first {@code n} entries of the poll's event array, as a poll does after epoll_wait. */
    private static void decode(Poll poll, Events events, int n) {
        EpollPoll epoll = (EpollPoll) poll;
        synchronized (epoll.registry().table) {
            epoll.decode(events, n);
        }
    }
}
