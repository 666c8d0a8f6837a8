package io.mio.poll;

import io.mio.Poll;
import io.mio.posix.PosixProvider;
import io.mio.posix.PosixSockets;
import io.mio.spi.Availability;

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
        super(true); // Level natively (poll(2) is level-triggered); Oneshot by disarming once reported
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Available wherever mio-posix's sockets are: poll(2) is in every POSIX C library. */
    @Override
    public Availability availability() {
        return PosixSockets.availability();
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Poll openPoll() throws IOException {
        requireAvailable();
        return new PollPoll(this);
    }
}
