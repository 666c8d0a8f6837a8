package io.mio.uring;

import io.mio.Poll;
import io.mio.posix.PosixProvider;
import io.mio.posix.PosixSockets;
import io.mio.spi.Availability;
import io.mio.spi.Capability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code uring} backend: readiness from io_uring's poll requests by the completion-port
 * selector (the logic of Rust mio's Windows selector), with the native sockets of
 * {@code io.mio.posix}: multishot polls for edge registrations where the kernel has them (5.13),
 * one-shot polls otherwise. Linux 5.11 or later. Priority 75: below epoll (100), above poll(2) (50).
 */
public final class UringProvider extends PosixProvider {
    /** The backend's name. */
    public static final String NAME = "uring";
    /** Where Linux 6.6+ says whether io_uring may be set up (0 yes, 1 privileged or group only, 2 no). */
    private static final Path DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");


    /**
     * Creates the provider; found by {@link java.util.ServiceLoader}. The completion core has the
     * registration modes. {@link Capability#PRIORITY_EVENTS} is absent: a poll request for
     * {@code POLLPRI} alone is not completed by TCP urgent data (Linux 6.18, checked here; with
     * {@code POLLIN} asked too it is, so priority is still reported beside readable, but not on its
     * own as the capability promises).
     */
    public UringProvider() {
        super(NAME, 75, true, Capability.PRIORITY_EVENTS);
    }

    @Override
    protected Poll newPoll() throws IOException {
        return UringPoll.open(this, UringPoll.SQ_ENTRIES, UringPoll.CQ_ENTRIES, UringDriver.MULTISHOT);
    }

    /**
     * Whether io_uring works here: Linux 5.11 or later (the wait with a timeout), the POSIX layer,
     * not disabled by {@code kernel.io_uring_disabled}, and a real {@code io_uring_setup} that
     * succeeds (a seccomp filter, such as Docker's default profile on many hosts, denies it).
     */
    @Override
    protected Availability probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Availability.unavailable("io_uring exists only on Linux; this is " + os);
        }
        String version = System.getProperty("os.version", "");
        if (!atLeast(version, 5, 11)) {
            return Availability.unavailable("io_uring's wait with a timeout needs Linux 5.11 or later; this is " + version);
        }
        Availability sockets = PosixSockets.availability();
        if (!sockets.available()) {
            return sockets;
        }
        String disabled = readDisabled();
        if ("2".equals(disabled)) {
            return Availability.unavailable("io_uring is disabled by the sysctl kernel.io_uring_disabled=2");
        }
        try {
            UringDriver.open(4, 8, false).close();
            return Availability.AVAILABLE;
        } catch (IOException | RuntimeException | LinkageError e) {
            String why = "1".equals(disabled)
                    ? " (kernel.io_uring_disabled=1: only privileged processes and kernel.io_uring_group may set it up)"
                    : " (kernel.io_uring_disabled is " + (disabled == null ? "absent" : disabled)
                            + ": a seccomp filter or a sandbox denies it)";
            return Availability.unavailable(e.getMessage() + why);
        }
    }

    private static String readDisabled() {
        try {
            return Files.readString(DISABLED).trim();
        } catch (IOException | RuntimeException absent) {
            return null; // before Linux 6.6
        }
    }

    /** Whether a kernel release such as {@code 6.8.0-45-generic} is at least major.minor. */
    static boolean atLeast(String release, int major, int minor) {
        String[] parts = release.split("[.-]", 3);
        try {
            int a = Integer.parseInt(parts[0]);
            int b = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return a > major || (a == major && b >= minor);
        } catch (NumberFormatException e) {
            return true; // unknown form: the setup call decides
        }
    }
}
