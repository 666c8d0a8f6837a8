package io.mio.posix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket layer is available where its facts are known, and names the OS or architecture otherwise. */
class PosixFactsTest {
    @Test
    void linuxMacosAndFreebsdOnX86And64BitArmHaveFacts() {
        for (String os : new String[] {"Linux", "Mac OS X", "Darwin", "FreeBSD"}) {
            for (String arch : new String[] {"amd64", "x86_64", "aarch64"}) {
                assertNull(PosixSockets.lacksFacts(os, arch), os + " " + arch);
            }
        }
    }

    @Test
    void anotherBsdIsNamedAsLackingFacts() {
        for (String os : new String[] {"OpenBSD", "NetBSD", "DragonFlyBSD", "SunOS"}) {
            String why = PosixSockets.lacksFacts(os, "amd64");
            assertTrue(why != null && why.contains(os), os + ": " + why);
        }
    }

    @Test
    void anotherArchitectureIsNamedAsLackingFacts() {
        String why = PosixSockets.lacksFacts("FreeBSD", "riscv64");
        assertTrue(why != null && why.contains("riscv64") && why.contains("FreeBSD"), why);
    }
}
