package io.mio.epoll;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** epoll_wait takes milliseconds: sub-millisecond timeouts round up, never to a busy 0. */
class TimeoutRoundingTest {
    @Test
    void noLimitIsMinusOne() {
        assertEquals(-1, EpollPoll.timeoutMillis(-1));
    }

    @Test
    void zeroStaysZero() {
        assertEquals(0, EpollPoll.timeoutMillis(0));
    }

    @Test
    void subMillisecondRoundsUpToOne() {
        assertEquals(1, EpollPoll.timeoutMillis(1));
        assertEquals(1, EpollPoll.timeoutMillis(500_000));
        assertEquals(1, EpollPoll.timeoutMillis(999_999));
    }

    @Test
    void wholeMillisecondsAreExact() {
        assertEquals(1, EpollPoll.timeoutMillis(1_000_000));
        assertEquals(250, EpollPoll.timeoutMillis(250_000_000));
    }

    @Test
    void fractionsRoundUp() {
        assertEquals(2, EpollPoll.timeoutMillis(1_000_001));
        assertEquals(2, EpollPoll.timeoutMillis(1_500_000));
    }

    @Test
    void hugeTimeoutsAreCappedAtIntMax() {
        assertEquals(Integer.MAX_VALUE, EpollPoll.timeoutMillis(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, EpollPoll.timeoutMillis(Integer.MAX_VALUE * 1_000_000L + 1));
    }
}
