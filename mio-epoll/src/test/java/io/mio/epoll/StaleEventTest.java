package io.mio.epoll;

import io.mio.Events;
import io.mio.Interest;
import io.mio.Poll;
import io.mio.Token;
import io.mio.posix.PosixSockets;
import io.mio.unix.Pipe;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events epoll_wait returned before a deregister or close are dropped while decoding: the decoder is
 * fed a hand-made event array, as if the kernel had filled it just before the registration changed.
 */
class StaleEventTest {
    @Test
    void anEventOfAnEarlierRegistrationOfTheSameDescriptorIsDropped() throws Exception {
        try (Poll poll = Poll.open("epoll"); Pipe pipe = Pipe.open(poll.provider()); Arena arena = Arena.ofConfined()) {
            EpollPoll.EpollRegistry registry = (EpollPoll.EpollRegistry) poll.registry();
            int fd = PosixSockets.fd(pipe.receiver());
            registry.register(pipe.receiver(), new Token(1), Interest.READABLE);
            long first = registry.dataOf(fd);
            registry.deregister(pipe.receiver());
            Token second = new Token(2);
            registry.register(pipe.receiver(), second, Interest.READABLE);
            long current = registry.dataOf(fd);
            assertNotEquals(first, current, "a new registration must carry a new generation");

            MemorySegment array = arena.allocate(EPoll.SIZE * 2, 8);
            EPoll.setEvent(array.asSlice(0, EPoll.SIZE), EPoll.EPOLLIN, first);
            EPoll.setEvent(array.asSlice(EPoll.SIZE, EPoll.SIZE), EPoll.EPOLLIN, current);
            Events events = Events.withCapacity(4);
            registry.decode(events, array, 2, arena.allocate(8, 8));
            assertEquals(1, events.size(), events.toString());
            assertSame(second, events.get(0).token());
        }
    }

    @Test
    void anEventOfAClosedSourceIsDropped() throws Exception {
        try (Poll poll = Poll.open("epoll"); Arena arena = Arena.ofConfined()) {
            EpollPoll.EpollRegistry registry = (EpollPoll.EpollRegistry) poll.registry();
            Pipe pipe = Pipe.open(poll.provider());
            int fd = PosixSockets.fd(pipe.receiver());
            registry.register(pipe.receiver(), new Token(1), Interest.READABLE);
            long data = registry.dataOf(fd);
            pipe.close();

            MemorySegment array = arena.allocate(EPoll.SIZE, 8);
            EPoll.setEvent(array, EPoll.EPOLLIN | EPoll.EPOLLHUP, data);
            Events events = Events.withCapacity(4);
            registry.decode(events, array, 1, arena.allocate(8, 8));
            assertTrue(events.isEmpty(), events.toString());
        }
    }
}
