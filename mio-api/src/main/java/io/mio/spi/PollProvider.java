package io.mio.spi;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

/**
 * A backend: the factory of a {@link Poll} and of the sources that can be registered with it.
 * Found with {@link java.util.ServiceLoader}; see the package documentation for what a backend
 * must supply and how the TCK checks it.
 *
 * <p>The socket factories receive arguments already checked by the public factories
 * ({@code TcpStream.connect} and so on): non-null, resolved addresses. Factories for the optional
 * source types throw {@link UnsupportedOperationException} unless overridden; a backend that
 * overrides one lists the matching {@link Capability}.
 */
public abstract class PollProvider {
    /** Constructor for subclasses; a provider must have a public no-argument constructor. */
    protected PollProvider() {
    }

    /**
     * Returns every backend found, available or not, highest priority first.
     *
     * @return the providers
     */
    public static List<PollProvider> providers() {
        return Providers.INSTANCE.providers();
    }

    /**
     * Describes every backend found, one per line, with its availability and cause, and any
     * provider that failed to load.
     *
     * @return the listing, e.g. {@code "epoll (priority 100): available"}
     */
    public static String describeProviders() {
        return Providers.INSTANCE.describe();
    }

    /**
     * The default backend: the one named by the system property {@code io.mio.backend} if set, else
     * the available backend of highest priority.
     *
     * @return the provider
     * @throws IOException if none is available (the message lists each backend and why)
     */
    public static PollProvider systemDefault() throws IOException {
        return Providers.INSTANCE.systemDefault();
    }

    /**
     * The available backend called {@code name}.
     *
     * @param name the backend's name
     * @return the provider
     * @throws IllegalArgumentException if no backend has that name (the message lists the known ones)
     * @throws IOException if it is unavailable here (the message says why)
     */
    public static PollProvider named(String name) throws IOException {
        return Providers.INSTANCE.named(name);
    }

    /** {@return the backend's name, e.g. {@code "epoll"}: lower case, unique} */
    public abstract String name();

    /**
     * Whether this backend works here. Must not throw; called once per lookup, so cache it.
     *
     * @return the availability and its cause
     */
    public abstract Availability availability();

    /**
     * The backend's rank when {@link #systemDefault()} chooses: the native backend of an OS ranks
     * above the portable selector (selector 0, native backends 100).
     *
     * @return the priority; higher wins
     */
    public abstract int priority();

    /** {@return what this backend can do beyond the required contract} */
    public abstract Set<Capability> capabilities();

    /**
     * Opens a poll.
     *
     * @return a new poll of this backend
     * @throws IOException if the backend fails
     */
    public abstract Poll openPoll() throws IOException;

    /**
     * Opens a TCP listener bound to {@code address}, with {@code SO_REUSEADDR} set.
     *
     * @param address a resolved address; port 0 picks a free port
     * @param backlog the listen backlog; 0 or less for the system's default
     * @param reusePort whether to set {@code SO_REUSEPORT} before binding
     * @return the listener, non-blocking
     * @throws IOException if binding fails ({@link java.net.BindException} when in use)
     */
    public abstract TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort)
            throws IOException;

    /**
     * Starts a non-blocking connect to {@code address}.
     *
     * @param address a resolved address
     * @return the stream, connecting; writable once connected, error if refused
     * @throws IOException if the connect fails at once
     */
    public abstract TcpStream connectTcpStream(InetSocketAddress address) throws IOException;

    /**
     * Opens a UDP socket bound to {@code address}.
     *
     * @param address a resolved address; port 0 picks a free port
     * @return the socket, non-blocking
     * @throws IOException if binding fails
     */
    public abstract UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException;

    /**
     * Opens a Unix-domain listener bound to {@code address}.
     *
     * @param address a path or abstract name
     * @return the listener
     * @throws IOException if binding fails
     */
    public UnixListener bindUnixListener(UnixAddress address) throws IOException {
        throw unsupported(Capability.UNIX_STREAM);
    }

    /**
     * Starts a non-blocking connect to a Unix-domain listener.
     *
     * @param address the listener's address
     * @return the stream
     * @throws IOException if the connect fails at once
     */
    public UnixStream connectUnixStream(UnixAddress address) throws IOException {
        throw unsupported(Capability.UNIX_STREAM);
    }

    /**
     * Opens a pair of connected Unix-domain stream sockets.
     *
     * @return two streams connected to each other
     * @throws IOException if that fails
     */
    public UnixStream[] unixStreamPair() throws IOException {
        throw unsupported(Capability.UNIX_STREAM_PAIR);
    }

    /**
     * Opens a Unix-domain datagram socket bound to {@code address}.
     *
     * @param address a path or abstract name
     * @return the socket
     * @throws IOException if binding fails
     */
    public UnixDatagram bindUnixDatagram(UnixAddress address) throws IOException {
        throw unsupported(Capability.UNIX_DATAGRAM);
    }

    /**
     * Opens an unbound Unix-domain datagram socket.
     *
     * @return the socket
     * @throws IOException if that fails
     */
    public UnixDatagram unboundUnixDatagram() throws IOException {
        throw unsupported(Capability.UNIX_DATAGRAM);
    }

    /**
     * Opens a pair of connected Unix-domain datagram sockets.
     *
     * @return two sockets connected to each other
     * @throws IOException if that fails
     */
    public UnixDatagram[] unixDatagramPair() throws IOException {
        throw unsupported(Capability.UNIX_DATAGRAM);
    }

    /**
     * Opens a non-blocking pipe.
     *
     * @return the pipe's two ends
     * @throws IOException if that fails
     */
    public Pipe openPipe() throws IOException {
        throw unsupported(Capability.PIPES);
    }

    /**
     * Wraps a file descriptor the caller owns so it can be registered.
     *
     * @param fd an open descriptor; it stays the caller's: closing the source does not close it
     * @return the source
     * @throws IOException if that fails
     */
    public SourceFd sourceFd(int fd) throws IOException {
        throw unsupported(Capability.RAW_FD_SOURCES);
    }

    /**
     * The exception for an operation this backend cannot do.
     *
     * @param missing the capability it lacks
     * @return the exception, naming the backend and the capability
     */
    protected final UnsupportedOperationException unsupported(Capability missing) {
        return new UnsupportedOperationException(
                "backend '" + name() + "' cannot " + missing.description() + " (capability " + missing + ")");
    }

    @Override
    public String toString() {
        return name();
    }
}
