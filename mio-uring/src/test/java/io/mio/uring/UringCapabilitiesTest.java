package io.mio.uring;

import io.mio.spi.Capability;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins uring's declared capabilities: the TCK skips every check of a capability a backend leaves out,
 * so dropping one by mistake would silently turn its checks into skips.
 */
class UringCapabilitiesTest {
    @Test
    void uringDeclaresEveryCapabilityButPriority() {
        // a one-shot POLL_ADD is asked for POLLIN | POLLOUT | POLLRDHUP; urgent data is not reported
        EnumSet<Capability> expected = EnumSet.allOf(Capability.class);
        expected.remove(Capability.PRIORITY_EVENTS);
        assertEquals(expected, EnumSet.copyOf(new UringProvider().capabilities()));
    }
}
