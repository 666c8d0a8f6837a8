package io.mio.tck.containers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which skips a container run of the TCK accepts (no Docker needed). */
class SkipAccountingTest {
    @Test
    void aCapabilityTheBackendLeavesOutIsAcceptedInEveryScenario() {
        String reason = "backend 'selector' lacks capability UNIX_DATAGRAM (Unix-domain datagram sockets)";
        assertTrue(TckInContainersTest.allowedSkip(reason, "ipv6-on"));
        assertTrue(TckInContainersTest.allowedSkip(reason, "1cpu-256mib"));
        assertTrue(TckInContainersTest.allowedSkip("backend 'epoll' has capability PIPES: this case checks the"
                + " refusal of a backend without it, the other cases cover it", "ipv6-on"));
    }

    @Test
    void ipv6IsAcceptedOnlyWhereTheScenarioTurnsItOff() {
        String reason = "this host has no IPv6 loopback address ::1: java.net.BindException";
        assertTrue(TckInContainersTest.allowedSkip(reason, "ipv6-off"));
        assertFalse(TckInContainersTest.allowedSkip(reason, "ipv6-on"));
    }

    @Test
    void anyOtherSkipIsRefused() {
        assertFalse(TckInContainersTest.allowedSkip("io.mio.tck.peer is not set to another backend than 'epoll'",
                "ipv6-on"));
        assertFalse(TckInContainersTest.allowedSkip("this host cannot join a multicast group on lo", "ipv6-on"));
        assertFalse(TckInContainersTest.allowedSkip("", "ipv6-on"));
    }
}
