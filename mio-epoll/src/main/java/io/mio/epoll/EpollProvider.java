package io.mio.epoll;

import io.mio.Poll;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.PosixProvider;
import io.mio.posix.PosixSockets;
import io.mio.spi.Availability;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The epoll backend: Linux's epoll and eventfd, and the native sockets of {@code io.mio.posix},
 * called through the Foreign Function and Memory API. The default backend on Linux (priority 100).
 */
public final class EpollProvider extends PosixProvider {
    /** The backend's name. */
    public static final String NAME = "epoll";


    /** Creates the provider; found by {@link java.util.ServiceLoader}. */
    public EpollProvider() {
        super(NAME, 100, true); // Level and Oneshot natively: a mask without EPOLLET, and EPOLLONESHOT
    }

    @Override
    protected Poll newPoll() throws IOException {
        return new EpollPoll(this);
    }

    /**
     * Whether epoll works here: Linux, a known {@code struct epoll_event} layout, the POSIX layer
     * (which also checks that native access is granted and names the flag when it is not), and an
     * {@code epoll_create1} that succeeds (a seccomp filter or a sandbox may deny it).
     */
    @Override
    protected Availability probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Availability.unavailable("epoll exists only on Linux; this is " + os);
        }
        if (EPoll.LAYOUT == null) {
            return Availability.unavailable("the struct epoll_event layout of architecture '" + EPoll.ARCH
                    + "' is not known to mio-epoll");
        }
        Availability sockets = PosixSockets.availability();
        if (!sockets.available()) {
            return sockets;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.newCallState(arena);
            int epfd = EPoll.epollCreate1(state, EPoll.EPOLL_CLOEXEC);
            if (epfd < 0) {
                return Availability.unavailable(Errno.message("epoll_create1", Downcalls.errno(state)));
            }
            Descriptors.close(epfd);
            return Availability.AVAILABLE;
        } catch (IOException | RuntimeException | LinkageError e) {
            // e.g. a missing symbol (denied native access is reported by PosixSockets.availability())
            return Availability.unavailable("epoll_create1 could not be called: " + e);
        }
    }
}
