package io.mio.iocp;

import io.mio.spi.Capability;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins iocp's declared capabilities (the provider's Javadoc says why each other one is absent): the
 * TCK skips every check of a capability a backend leaves out, so dropping one by mistake would
 * silently turn its checks into skips, and declaring one Windows lacks would fail there.
 */
class IocpCapabilitiesTest {
    @Test
    void iocpDeclaresExactlyWhatAfdAndWinsockGive() {
        assertEquals(EnumSet.of(Capability.READ_CLOSED_EVENTS, Capability.ERROR_EVENTS, Capability.PEEK,
                Capability.UNIX_STREAM, Capability.REGISTRATION_MODES), EnumSet.copyOf(new IocpProvider().capabilities()));
    }
}
