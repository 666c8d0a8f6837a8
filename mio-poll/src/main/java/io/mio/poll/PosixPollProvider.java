package io.mio.poll;

import io.mio.Poll;
import io.mio.posix.Os;
import io.mio.posix.PosixProvider;
import io.mio.posix.PosixSockets;
import io.mio.spi.Availability;
import io.mio.spi.Capability;

import java.io.IOException;

/**
 * The poll(2) backend: POSIX {@code poll} with edge emulation, and the native sockets of
 * {@code io.mio.posix}, through the Foreign Function and Memory API. Priority 50: below epoll (100),
 * above the JDK's Selector (0), so it is chosen where epoll is unavailable (a seccomp filter that
 * denies it kills the Selector too, which uses epoll on Linux).
 */
public final class PosixPollProvider extends PosixProvider {
    /** The backend's name. */
    public static final String NAME = "poll";

    /** Creates the provider; found by {@link java.util.ServiceLoader}. */
    public PosixPollProvider() {
        super(NAME, 50, true, absentOn(Os.KIND)); // Level natively (level-triggered); Oneshot by disarming once reported
    }

    /**
     * What poll(2) does not report on an OS. Linux: everything ({@code POLLRDHUP} gives read-closed).
     * macOS and the BSDs: no {@code POLLRDHUP}, so a peer's shutdown is only readable data at its end
     * (read-closed comes with a hang-up of both directions alone); and priority, whose {@code POLLPRI}
     * on macOS's poll(2) is routed through kqueue, is not declared where it was never checked.
     *
     * @param os the operating system
     * @return the capabilities poll lacks there
     */
    static Capability[] absentOn(Os.Kind os) {
        return os == Os.Kind.LINUX
                ? new Capability[0]
                : new Capability[] {Capability.READ_CLOSED_EVENTS, Capability.PRIORITY_EVENTS};
    }

    /**
     * Available wherever mio-posix's sockets are (Linux, macOS, FreeBSD): poll(2) is in every POSIX C
     * library; what it reports differs per OS ({@link #absentOn}).
     */
    @Override
    protected Availability probe() {
        return PosixSockets.availability();
    }

    @Override
    protected Poll newPoll() throws IOException {
        return new PollPoll(this);
    }
}
