package io.mio.poll;

import io.mio.posix.PollBits;
import io.mio.posix.cfacts.CFacts;
import org.junit.jupiter.api.Test;

/** poll(2)'s bits and {@code struct pollfd}, checked against the system headers by gcc ({@link CFacts}). */
class PollFdLayoutTest {
    @Test
    void bitsAndLayoutAreThoseOfPollH() throws Exception {
        CFacts.assertSameAsC("#define _GNU_SOURCE\n#include <poll.h>", PollBits.class, "struct pollfd", PollFd.LAYOUT);
    }
}
