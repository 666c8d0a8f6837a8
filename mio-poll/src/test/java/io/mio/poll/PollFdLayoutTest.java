package io.mio.poll;

import io.mio.posix.cfacts.CFacts;
import io.mio.posix.PollBits;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** poll(2)'s bits and {@code struct pollfd}, checked against the system headers by gcc ({@link CFacts}). */
class PollFdLayoutTest {
    @Test
    void bitsAndLayoutAreThoseOfPollH() throws Exception {
        Map<String, Long> java = CFacts.intConstants(PollBits.class); // POLLIN, ..., POLLRDHUP (Linux)
        assertTrue(java.containsKey("POLLIN") && java.containsKey("POLLRDHUP"), java.keySet().toString());
        java.put("sizeof(struct pollfd)", PollFd.SIZE);
        java.put("offsetof(struct pollfd, events)", PollFd.EVENTS);
        java.put("offsetof(struct pollfd, revents)", PollFd.REVENTS);
        Map<String, Long> c = CFacts.of("#define _GNU_SOURCE\n#include <poll.h>", java.keySet());
        assertEquals("", CFacts.mismatches(java, c), "values that differ from gcc's");
    }
}
