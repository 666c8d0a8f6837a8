package io.mio.tck.skeleton;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * The skeleton of a third party's backend: copy this package, rename it, and fill in each
 * {@code TODO} with your facility (a kernel event queue, a completion port, a simulator). It
 * compiles with the build, so it stays true to the SPI; it is not registered with
 * {@link java.util.ServiceLoader}, so nothing picks it up. {@link SkeletonPoll} holds the loop and
 * states which lock is held in each hook. Then run the TCK against yours as the README's "Running the
 * TCK against your own backend" shows.
 *
 * <p><b>What a provider supplies</b> (the {@code io.mio.spi} package documentation is the contract):
 * a name, an {@link Availability} that never throws and says why not, a priority, the
 * {@link Capability}s it really has (the TCK skips the checks of the others, with the reason, and
 * runs all the rest), {@link #openPoll()}, and the source factories: TCP and UDP always, the rest
 * where a capability says so. Every source a factory returns is an {@link io.mio.IoSource} whose
 * {@code provider()} is this provider; that is how a registry hook knows it may cast the source to
 * the backend's own type and reach its handle (see {@link SkeletonPoll}).
 *
 * <p><b>Why a provider cannot wrap another one under its own name.</b> A source belongs to the
 * provider that created it: {@code IoSource.register} refuses a registry whose provider is of
 * another class, before any hook runs, and the registry hooks ({@code implRegister} and so on) are
 * protected, so a wrapper cannot call another backend's hooks either. A wrapper "traced-epoll"
 * that handed out epoll's sources would see them refused by its own poll ("cannot register a
 * source of backend 'epoll' with a poll of backend 'traced-epoll'"); one that handed out sources of
 * its own would have to hold an epoll source inside each and forward every socket operation to it,
 * re-register it through epoll's public {@code Registry}, and run epoll's whole {@code Poll.poll}
 * (its own user-space events, deadlines and capacity reservation, and a {@code Duration} per call)
 * inside its own: two event loops nested, which the contract's zero allocation and capacity rules
 * cannot both keep. So the contract forbids it: behaviour on top of a backend (tracing, TLS, a
 * connection object) composes at the {@link io.mio.Source} level, which is what that interface is
 * for, and a new backend implements the hooks itself.
 */
public final class SkeletonProvider extends PollProvider {
    /** The backend's name: lower case, unique among the providers found. */
    public static final String NAME = "skeleton";

    /** A provider needs a public no-argument constructor for {@link java.util.ServiceLoader}. */
    public SkeletonProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        // TODO: probe the facility once (cache it): OS, symbols found, a call that a sandbox may deny
        return Availability.unavailable("a skeleton to copy: it has no readiness facility");
    }

    @Override
    public int priority() {
        return -1; // TODO: 100 for an OS's native facility, above the portable selector's 0
    }

    @Override
    public Set<Capability> capabilities() {
        // TODO: list only what the TCK may check; REGISTRATION_MODES once SkeletonPoll does Level and Oneshot
        return Set.of();
    }

    @Override
    public Poll openPoll() throws IOException {
        Availability availability = availability();
        if (!availability.available()) {
            throw new IOException("mio backend '" + NAME + "' is unavailable: " + availability.cause());
        }
        return new SkeletonPoll(this);
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        throw new IOException(todo("TCP listeners"));
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        throw new IOException(todo("TCP streams"));
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        throw new IOException(todo("UDP sockets"));
    }

    /**
     * TODO: return the socket types of {@code io.mio.net} for your handles; each implements
     * {@link SkeletonPoll.SkeletonSource} so the registry reaches its handle.
     */
    private static String todo(String what) {
        return "backend '" + NAME + "' is a skeleton: it creates no " + what;
    }
}
