package io.mio.epoll;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The epoll backend: Linux's epoll and eventfd, and the native sockets of {@code io.mio.posix},
 * called through the Foreign Function and Memory API. The default backend on Linux (priority 100).
 */
public final class EpollProvider extends PollProvider {
    /** The backend's name. */
    public static final String NAME = "epoll";

    /** Checked once per class loader: whether epoll works here, and why not. */
    private static final class Check {
        static final Availability AVAILABILITY = probe();
    }

    /** Creates the provider; found by {@link java.util.ServiceLoader}. */
    public EpollProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Check.AVAILABILITY;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS,
                Capability.ERROR_EVENTS, Capability.PRIORITY_EVENTS);
    }

    @Override
    public Poll openPoll() throws IOException {
        Availability availability = availability();
        if (!availability.available()) {
            throw new IOException("mio backend 'epoll' is unavailable: " + availability.cause());
        }
        return new EpollPoll(this);
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        throw new UnsupportedOperationException("TODO mio-posix sockets");
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        throw new UnsupportedOperationException("TODO mio-posix sockets");
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        throw new UnsupportedOperationException("TODO mio-posix sockets");
    }

    /**
     * Whether epoll works here: Linux, a known {@code struct epoll_event} layout, and an
     * {@code epoll_create1} that succeeds (a seccomp filter or a sandbox may deny it).
     */
    private static Availability probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Availability.unavailable("epoll exists only on Linux; this is " + os);
        }
        if (EPoll.LAYOUT == null) {
            return Availability.unavailable("the struct epoll_event layout of architecture '" + EPoll.ARCH
                    + "' is not known to mio-epoll");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.newCallState(arena);
            int epfd = EPoll.epollCreate1(state, EPoll.EPOLL_CLOEXEC);
            if (epfd < 0) {
                return Availability.unavailable(Errno.message("epoll_create1", Downcalls.errno(state)));
            }
            Fds.close(epfd);
            return Availability.AVAILABLE;
        } catch (IOException | RuntimeException | LinkageError e) {
            // e.g. native access denied (--illegal-native-access=deny) or a missing symbol
            return Availability.unavailable("epoll_create1 could not be called: " + e);
        }
    }
}
