package io.mio.posix;

import io.mio.Poll;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The base of a POSIX backend's provider (epoll, poll, kqueue, uring): every socket, pipe and
 * {@link SourceFd} factory is implemented here by {@link PosixSockets}, with this provider as the
 * owner of the sources (so its registry accepts them). A backend passes its name, priority and
 * capabilities to the constructor and implements only its {@link #probe()} and {@link #newPoll()}.
 */
public abstract class PosixProvider extends PollProvider {
    /** The backend's name. */
    private final String name;
    /** Its priority in {@link io.mio.Poll#open()}'s choice. */
    private final int priority;
    /** What its poll and sockets support; unmodifiable. */
    private final Set<Capability> capabilities;
    /** {@link #probe()}'s answer, once asked (a race probes twice, with the same answer). */
    private volatile Availability availability;

    /**
     * For subclasses.
     *
     * @param name              the backend's name ({@link #name()})
     * @param priority          its priority ({@link #priority()})
     * @param registrationModes whether the backend's poll loop implements {@link io.mio.Mode#LEVEL}
     *                          and {@link io.mio.Mode#ONESHOT} (then {@link #capabilities()} lists
     *                          {@link Capability#REGISTRATION_MODES})
     * @param absent            the readiness capabilities its kernel facility does not have (see
     *                          {@link #capabilities()})
     */
    protected PosixProvider(String name, int priority, boolean registrationModes, Capability... absent) {
        this.name = name;
        this.priority = priority;
        Set<Capability> set = EnumSet.of(Capability.READ_CLOSED_EVENTS, Capability.WRITE_CLOSED_EVENTS,
                Capability.ERROR_EVENTS, Capability.PRIORITY_EVENTS);
        set.addAll(PosixSockets.capabilities());
        set.add(Capability.UDP_ICMP_ERRORS); // its UDP sockets are connected in the kernel
        if (registrationModes) {
            set.add(Capability.REGISTRATION_MODES);
        }
        set.removeAll(Arrays.asList(absent));
        this.capabilities = Collections.unmodifiableSet(set);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int priority() {
        return priority;
    }

    /**
     * Whether this backend works here: {@link #probe()}'s answer, probed once per provider.
     *
     * @return the availability and its cause
     */
    @Override
    public final Availability availability() {
        Availability known = availability;
        if (known == null) {
            availability = known = probe();
        }
        return known;
    }

    /**
     * Finds out whether this backend works here (an OS check, the POSIX layer's
     * {@link PosixSockets#availability()}, a kernel call that must succeed). Must not throw.
     *
     * @return the availability and its cause
     */
    protected abstract Availability probe();

    /**
     * The capabilities of a kernel readiness facility that reports read-closed, write-closed, error
     * and priority events (epoll, and poll(2) on Linux), with this layer's sockets, and the
     * registration modes, less what the constructor named absent.
     *
     * @return an unmodifiable set
     */
    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * Opens a poll of this backend, after checking that {@link #availability()} says it works here.
     *
     * @return a new poll
     * @throws IOException naming the backend and the cause if it is unavailable, or if opening failed
     */
    @Override
    public final Poll openPoll() throws IOException {
        Availability here = availability();
        if (!here.available()) {
            throw new IOException("mio backend '" + name + "' is unavailable: " + here.cause());
        }
        return newPoll();
    }

    /**
     * Opens a poll of this backend, which is available here.
     *
     * @return a new poll
     * @throws IOException if the kernel refused
     */
    protected abstract Poll newPoll() throws IOException;

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
}
