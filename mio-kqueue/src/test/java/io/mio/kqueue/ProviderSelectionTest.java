package io.mio.kqueue;

import io.mio.Poll;
import io.mio.posix.Os;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kqueue is the default where it exists: a JVM whose {@code os.name} says macOS or a BSD picks it
 * with {@code Poll.open()} (over the shim, since this is Linux); on Linux without the shim it is
 * unavailable and says why.
 */
class ProviderSelectionTest {
    /** Prints the name of the provider Poll.open() chooses; run in a JVM with a faked os.name. */
    public static void main(String[] args) throws Exception {
        try (Poll poll = Poll.open()) {
            System.out.println("chosen: " + poll.provider().name());
        }
    }

    private static String chosenWith(String osName, boolean shim) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dos.name=" + osName, "-cp", System.getProperty("java.class.path")));
        if (shim) {
            command.add("-D" + Kevent.LIBRARY_PROPERTY + "=" + Kevent.LIBRARY);
        }
        command.add(ProviderSelectionTest.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(Kevent.LIBRARY_VARIABLE);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        return output;
    }

    @Test
    void macosAndTheBsdsChooseKqueue() throws Exception {
        assumeTrue(shimBuilt(), "fakes os.name on Linux, over the kqueue shim (built by gcc)");
        for (String os : new String[] {"Mac OS X", "FreeBSD"}) {
            String output = chosenWith(os, true);
            assertTrue(output.endsWith("chosen: kqueue"), os + ": " + output);
        }
    }

    @Test
    void openbsdAndNetbsdHaveKqueueFactsButTheSocketLayerNamesWhatItLacks() throws Exception {
        assumeTrue(shimBuilt(), "fakes os.name on Linux, over the kqueue shim (built by gcc)");
        for (String os : new String[] {"OpenBSD", "NetBSD"}) {
            assertNull(KqueueProvider.unsupported(os, null), os + " has a kqueue flavour");
            String output = chosenWith(os, true);
            assertFalse(output.endsWith("chosen: kqueue"), os + ": " + output);
        }
    }

    @Test
    void linuxWithoutTheShimExplainsWhyKqueueIsUnavailable() throws Exception {
        String why = KqueueProvider.unsupported("Linux", null);
        assertTrue(why != null && why.contains("macOS and the BSDs") && why.contains("Linux")
                && why.contains(Kevent.LIBRARY_PROPERTY), why);
        assumeTrue(isLinux(), "runs Linux's default backend");
        String output = chosenWith("Linux", false);
        assertTrue(output.endsWith("chosen: epoll"), output);
    }

    private static boolean shimBuilt() {
        return isLinux() && Kevent.LIBRARY != null && java.nio.file.Files.exists(Path.of(Kevent.LIBRARY));
    }

    private static boolean isLinux() {
        return System.getProperty("os.name").equals("Linux");
    }

    @Test
    void kqueueRanksAbovePollAndSelectorAndBelowEpoll() throws Exception {
        int kqueue = new KqueueProvider().priority();
        assertTrue(kqueue > PollProvider.named("selector").priority());
        assertTrue(kqueue < PollProvider.named("epoll").priority());
        assertEquals(90, kqueue);
    }

    @Test
    void kqueueDeclaresEveryCapabilityButPriority() throws Exception {
        // kqueue has no out-of-band filter: the TCK skips the priority checks, with that reason
        // (the whole set pinned: a capability dropped by mistake would silently turn its checks into skips)
        EnumSet<Capability> expected = EnumSet.allOf(Capability.class);
        expected.remove(Capability.PRIORITY_EVENTS);
        if (!Os.LINUX) {
            expected.remove(Capability.UNIX_ABSTRACT_NAMES); // Linux's alone (mio-posix)
        }
        assertEquals(expected, EnumSet.copyOf(new KqueueProvider().capabilities()));
    }
}
