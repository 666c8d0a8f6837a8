package io.mio.epoll;

import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins epoll's declared capabilities: the TCK skips every check of a capability a backend leaves
 * out, so dropping one by mistake would silently turn its checks into skips. Changing the set is a
 * decision, made here too.
 */
class EpollCapabilitiesTest {
    @Test
    void epollDeclaresEveryCapabilityOnLinux() throws Exception {
        // Linux has them all: abstract Unix names are Linux's own, the rest are POSIX or epoll's
        assertEquals(EnumSet.allOf(Capability.class), EnumSet.copyOf(PollProvider.named("epoll").capabilities()));
    }
}
