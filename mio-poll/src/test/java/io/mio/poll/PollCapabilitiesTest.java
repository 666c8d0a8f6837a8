package io.mio.poll;

import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins poll's declared capabilities: the TCK skips every check of a capability a backend leaves
 * out, so dropping one by mistake would silently turn its checks into skips.
 */
class PollCapabilitiesTest {
    @Test
    void pollDeclaresEveryCapabilityOnLinux() throws Exception {
        // POLLRDHUP (Linux) gives read-closed; hang-up, error and priority are POSIX poll's
        assertEquals(EnumSet.allOf(Capability.class), EnumSet.copyOf(PollProvider.named("poll").capabilities()));
    }

    @Test
    void pollRanksBetweenSelectorAndEpoll() throws Exception {
        assertEquals(50, PollProvider.named("poll").priority());
    }
}
