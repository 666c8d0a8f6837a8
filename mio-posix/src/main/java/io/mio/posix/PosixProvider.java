package io.mio.posix;

import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The base of a POSIX backend's provider (epoll, kqueue): every socket, pipe and {@link SourceFd}
 * factory is implemented here by {@link PosixSockets}, with this provider as the owner of the
 * sources (so its registry accepts them). A backend implements only what is its own: name,
 * availability, priority, capabilities and {@link #openPoll()}.
 */
public abstract class PosixProvider extends PollProvider {
    /** Whether the backend's poll loop implements the Level and Oneshot modes. */
    private final boolean registrationModes;

    /** For subclasses whose poll loop has only the edge mode. */
    protected PosixProvider() {
        this(false);
    }

    /**
     * For subclasses.
     *
     * @param registrationModes whether the backend's poll loop implements {@link io.mio.Mode#LEVEL}
     *                          and {@link io.mio.Mode#ONESHOT} (then {@link #capabilities()} lists
     *                          {@link Capability#REGISTRATION_MODES})
     */
    protected PosixProvider(boolean registrationModes) {
        this.registrationModes = registrationModes;
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        return PosixSockets.bindTcpListener(this, address, backlog, reusePort);
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        return PosixSockets.connectTcpStream(this, address);
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        return PosixSockets.bindUdpSocket(this, address);
    }

    @Override
    public UnixListener bindUnixListener(UnixAddress address) throws IOException {
        return PosixSockets.bindUnixListener(this, address);
    }

    @Override
    public UnixStream connectUnixStream(UnixAddress address) throws IOException {
        return PosixSockets.connectUnixStream(this, address);
    }

    @Override
    public UnixStream[] unixStreamPair() throws IOException {
        return PosixSockets.unixStreamPair(this);
    }

    @Override
    public UnixDatagram bindUnixDatagram(UnixAddress address) throws IOException {
        return PosixSockets.bindUnixDatagram(this, address);
    }

    @Override
    public UnixDatagram unboundUnixDatagram() throws IOException {
        return PosixSockets.unboundUnixDatagram(this);
    }

    @Override
    public UnixDatagram[] unixDatagramPair() throws IOException {
        return PosixSockets.unixDatagramPair(this);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return PosixSockets.openPipe(this);
    }

    @Override
    public SourceFd sourceFd(int fd) {
        return PosixSockets.sourceFd(this, fd);
    }

    /**
     * Throws unless {@link #availability()} says this backend works here.
     *
     * @throws IOException naming the backend and the cause
     */
    protected final void requireAvailable() throws IOException {
        Availability availability = availability();
        if (!availability.available()) {
            throw new IOException("mio backend '" + name() + "' is unavailable: " + availability.cause());
        }
    }

    /**
     * The capabilities of a kernel readiness facility that reports read-closed, write-closed, error
     * and priority events (epoll, and poll(2) on Linux), with this layer's sockets, and the
     * registration modes if the constructor said so. A backend whose kernel reports less overrides
     * this.
     *
     * @return an unmodifiable set
     */
    @Override
    public Set<Capability> capabilities() {
        return registrationModes ? Capabilities.WITH_MODES : Capabilities.READINESS;
    }

    /** Made once. */
    private static final class Capabilities {
        static final Set<Capability> READINESS = readinessCapabilities(false);
        static final Set<Capability> WITH_MODES = readinessCapabilities(true);
    }

    private static Set<Capability> readinessCapabilities(boolean modes) {
        Set<Capability> set = EnumSet.of(Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS,
                Capability.ERROR_EVENTS, Capability.PRIORITY_EVENTS);
        set.addAll(PosixSockets.capabilities());
        set.add(Capability.UDP_ICMP_ERRORS); // its UDP sockets are connected in the kernel
        if (modes) {
            set.add(Capability.REGISTRATION_MODES);
        }
        return Collections.unmodifiableSet(set);
    }
}
