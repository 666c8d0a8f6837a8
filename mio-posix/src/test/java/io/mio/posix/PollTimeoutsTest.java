package io.mio.posix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** epoll_wait and poll take milliseconds: sub-millisecond timeouts round up, never to a busy 0. */
class PollTimeoutsTest {
    @Test
    void noLimitIsMinusOne() {
        assertEquals(-1, PollTimeouts.millis(-1));
    }

    @Test
    void zeroStaysZero() {
        assertEquals(0, PollTimeouts.millis(0));
    }

    @Test
    void subMillisecondRoundsUpToOne() {
        assertEquals(1, PollTimeouts.millis(1));
        assertEquals(1, PollTimeouts.millis(500_000));
        assertEquals(1, PollTimeouts.millis(999_999));
    }

    @Test
    void wholeMillisecondsAreExact() {
        assertEquals(1, PollTimeouts.millis(1_000_000));
        assertEquals(250, PollTimeouts.millis(250_000_000));
    }

    @Test
    void fractionsRoundUp() {
        assertEquals(2, PollTimeouts.millis(1_000_001));
        assertEquals(2, PollTimeouts.millis(1_500_000));
    }

    @Test
    void hugeTimeoutsAreCappedAtIntMax() {
        assertEquals(Integer.MAX_VALUE, PollTimeouts.millis(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, PollTimeouts.millis(Integer.MAX_VALUE * 1_000_000L + 1));
    }
}
