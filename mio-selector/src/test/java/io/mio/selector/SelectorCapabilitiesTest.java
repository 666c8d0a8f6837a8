package io.mio.selector;

import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the selector backend's declared capabilities on this host (Linux, JDK 25): the TCK skips
 * every check of a capability a backend leaves out, so dropping one by mistake would silently turn
 * its checks into skips, and claiming one it cannot honour would fail them. Changing the set is a
 * decision, made here too.
 */
class SelectorCapabilitiesTest {
    @Test
    void selectorDeclaresWhatJavaNioCanDoHere() throws Exception {
        // java.nio cannot tell read-closed from readable, has no priority data, no IP_TTL or
        // IPV6_V6ONLY option, no Unix datagrams, no abstract names and no raw descriptors
        EnumSet<Capability> expected = EnumSet.of(Capability.ERROR_EVENTS, Capability.PEEK, Capability.MULTICAST,
                Capability.PIPES, Capability.UNIX_STREAM, Capability.UNIX_STREAM_PAIR, Capability.REUSE_PORT,
                Capability.REGISTRATION_MODES);
        assertEquals(expected, EnumSet.copyOf(PollProvider.named("selector").capabilities()));
    }
}
