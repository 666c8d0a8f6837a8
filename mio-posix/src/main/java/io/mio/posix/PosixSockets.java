package io.mio.posix;

import io.mio.IoSource;
import io.mio.Source;
import io.mio.net.NetSocket;
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
import java.util.EnumSet;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Creates the native sources of a POSIX backend. A backend's provider extends {@link PosixProvider},
 * which implements every factory here; a provider that cannot delegates each factory itself,
 * passing itself as the owner of the sources:
 *
 * <pre>{@code
 * public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
 *     return PosixSockets.bindTcpListener(this, address, backlog, reusePort);
 * }
 * }</pre>
 *
 * <p>Every source made here is non-blocking and close-on-exec. A socket's I/O object (one class per
 * shape: {@code NativeStream}, {@code NativeListener}, {@code NativeDatagram}, for TCP and Unix-domain
 * sockets alike), each pipe end and each {@link SourceFd} implements {@link FdSource}, which is how
 * the backend's registry gets its descriptor ({@link #fd(IoSource)}). Use after close is a
 * {@link java.nio.channels.ClosedChannelException}; a close racing an operation in another thread
 * is safe (see {@code NativeFd}). Would-block is never an exception.
 */
public final class PosixSockets {
    /** The symbols this layer needs beyond POSIX: checked by {@link #availability()}. */
    private static final String[] SYMBOLS = {"socket", "accept", "pipe", "socketpair", "recvfrom", "sendto",
            "sendmsg", "readv", "writev", "fcntl"};

    private PosixSockets() {
    }

    /**
     * Whether this layer works here: an OS it knows the constants of, native access granted (the
     * cause names the flag to add), and the C symbols it calls. Never throws.
     *
     * @return the availability, with the cause when unavailable
     */
    public static Availability availability() {
        try {
            String lacking = lacksFacts(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
            if (lacking != null) {
                return Availability.unavailable(lacking);
            }
            String denied = Downcalls.nativeAccessDenied();
            if (denied != null) {
                return Availability.unavailable(denied);
            }
            for (String symbol : SYMBOLS) {
                if (!Downcalls.exists(symbol)) {
                    return Availability.unavailable("the C library has no '" + symbol + "'");
                }
            }
            java.util.Objects.requireNonNull(Libc.socket); // initializes Libc: links every handle
            return Availability.AVAILABLE;
        } catch (Throwable t) {
            return Availability.unavailable("the POSIX socket layer failed to load: " + t);
        }
    }

    /**
     * Whether {@link Os} and {@link Errno} hold the facts of an OS and architecture: Linux, macOS
     * and FreeBSD (their columns), on x86-64 and aarch64 (LP64, the layouts of {@link Os}). OpenBSD,
     * NetBSD and DragonFly differ in constants {@link Os} does not have (its "bsd" column is
     * FreeBSD's).
     *
     * @param osName an {@code os.name} value
     * @param osArch an {@code os.arch} value
     * @return null if the facts are known, else which OS or architecture lacks them
     */
    static String lacksFacts(String osName, String osArch) {
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        if (!os.startsWith("linux") && !os.startsWith("mac") && !os.startsWith("darwin") && !os.equals("freebsd")) {
            return "mio-posix has no socket constants for " + osName + " (it knows Linux, macOS and FreeBSD)";
        }
        if (!osArch.equals("amd64") && !osArch.equals("x86_64") && !osArch.equals("aarch64")) {
            return "mio-posix has no struct layouts for architecture " + osArch + " on " + osName
                    + " (it knows x86-64 and aarch64)";
        }
        return null;
    }

    /**
     * The capabilities the sources of this layer give a backend (the backend adds those of its
     * event queue, such as read-closed events).
     *
     * @return a new mutable set
     */
    public static Set<Capability> capabilities() {
        EnumSet<Capability> set = EnumSet.of(Capability.PEEK, Capability.IP_TTL, Capability.IPV6_V6ONLY,
                Capability.MULTICAST, Capability.REUSE_PORT, Capability.UNIX_STREAM, Capability.UNIX_STREAM_PAIR,
                Capability.UNIX_DATAGRAM, Capability.PIPES, Capability.RAW_FD_SOURCES, Capability.CONNECTED_UDP_ERRORS);
        if (Os.LINUX) {
            set.add(Capability.UNIX_ABSTRACT_NAMES);
        }
        return set;
    }

    /**
     * The descriptor of a source made here: a socket (of its I/O object), a pipe end or a
     * {@link SourceFd}. For tests and diagnostics; a registry receives the I/O object itself.
     *
     * @param source a source of this layer
     * @return its descriptor
     * @throws IllegalArgumentException if the source was not made here
     */
    public static int fd(Source source) {
        Object io = source instanceof NetSocket socket ? socket.io()
                : source instanceof Pipe.End end ? end.io() : source;
        if (io instanceof FdSource fds) {
            return fds.fd();
        }
        throw new IllegalArgumentException(source + " has no file descriptor: it was not made by the POSIX socket layer");
    }

    /**
     * Binds a TCP listener: {@code SO_REUSEADDR} (and {@code SO_REUSEPORT} if asked) set before bind.
     *
     * @param owner the provider the listener belongs to
     * @param address a resolved address; port 0 picks one
     * @param backlog the listen backlog; 0 or less for the system's maximum (net.core.somaxconn)
     * @param reusePort whether to set {@code SO_REUSEPORT}
     * @return the listener
     * @throws java.net.BindException if the address is in use or not available
     * @throws IOException if another call fails
     */
    public static TcpListener bindTcpListener(PollProvider owner, InetSocketAddress address, int backlog,
                                              boolean reusePort) throws IOException {
        int family = Sockaddr.family(address);
        String what = Sockets.text(address);
        int fd = Sockets.open(family, Os.SOCK_STREAM, "tcp " + what);
        try {
            NativeFd setup = new NativeFd(fd, false);
            Sockets.setInt(setup, Os.SOL_SOCKET, Os.SO_REUSEADDR, 1, "SO_REUSEADDR");
            if (reusePort) {
                Sockets.setInt(setup, Os.SOL_SOCKET, Os.SO_REUSEPORT, 1, "SO_REUSEPORT");
            }
            Scratch s = Scratch.get();
            Sockets.bind(fd, s.address(), Sockaddr.encode(s.address(), family, address), what);
            Sockets.listen(fd, backlog, what);
            return new TcpListener(new NativeListener<>(owner, fd, family, what));
        } catch (IOException | RuntimeException e) {
            Sockets.closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Starts a non-blocking TCP connect ({@code EINPROGRESS} is the normal answer): the stream is
     * connected once writable with no {@link TcpStream#takeError() error} and a non-null
     * {@link TcpStream#peerAddress() peer}.
     *
     * @param owner the provider
     * @param address a resolved address
     * @return the stream, connecting
     * @throws IOException if the connect fails at once (e.g. {@link java.net.ConnectException})
     */
    public static TcpStream connectTcpStream(PollProvider owner, InetSocketAddress address) throws IOException {
        int family = Sockaddr.family(address);
        int fd = Sockets.open(family, Os.SOCK_STREAM, "tcp");
        try {
            Scratch s = Scratch.get();
            int errno = Sockets.connect(fd, s.address(), Sockaddr.encode(s.address(), family, address));
            if (errno != 0 && errno != Errno.EINPROGRESS) {
                throw Errno.exception("connect(" + Sockets.text(address) + ")", errno);
            }
            return new TcpStream(new NativeStream<>(owner, fd, family, address));
        } catch (IOException | RuntimeException e) {
            Sockets.closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Binds a UDP socket.
     *
     * @param owner the provider
     * @param address a resolved address; port 0 picks one
     * @return the socket
     * @throws IOException if binding fails
     */
    public static UdpSocket bindUdpSocket(PollProvider owner, InetSocketAddress address) throws IOException {
        int family = Sockaddr.family(address);
        String what = Sockets.text(address);
        int fd = Sockets.open(family, Os.SOCK_DGRAM, "udp " + what);
        try {
            Scratch s = Scratch.get();
            Sockets.bind(fd, s.address(), Sockaddr.encode(s.address(), family, address), what);
            return new UdpSocket(new NativeDatagram<>(owner, fd, family));
        } catch (IOException | RuntimeException e) {
            Sockets.closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Binds a Unix-domain stream listener to a path or (Linux) abstract name.
     *
     * @param owner the provider
     * @param address the address
     * @return the listener
     * @throws IllegalArgumentException if the path does not fit in {@code sun_path} (the message gives the limit)
     * @throws java.net.BindException if the path exists
     * @throws IOException if another call fails
     */
    public static UnixListener bindUnixListener(PollProvider owner, UnixAddress address) throws IOException {
        Scratch s = Scratch.get();
        int length = Sockaddr.encode(s.address(), address); // checks the length before a socket exists
        int fd = Sockets.open(Os.AF_UNIX, Os.SOCK_STREAM, "unix " + address);
        try {
            Sockets.bind(fd, s.address(), length, address);
            Sockets.listen(fd, 0, address);
            return new UnixListener(new NativeListener<>(owner, fd, Os.AF_UNIX, address.toString()));
        } catch (IOException | RuntimeException e) {
            Sockets.closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Connects a Unix-domain stream (non-blocking; a Unix connect completes at once or fails).
     *
     * @param owner the provider
     * @param address the listener's address
     * @return the stream
     * @throws IOException if the connect fails (e.g. {@link java.net.ConnectException} when no one listens)
     */
    public static UnixStream connectUnixStream(PollProvider owner, UnixAddress address) throws IOException {
        Scratch s = Scratch.get();
        int length = Sockaddr.encode(s.address(), address);
        int fd = Sockets.open(Os.AF_UNIX, Os.SOCK_STREAM, "unix");
        try {
            int errno = Sockets.connect(fd, s.address(), length);
            if (errno != 0 && errno != Errno.EINPROGRESS) {
                throw Errno.exception("connect(" + address + ")", errno);
            }
            return new UnixStream(unixStream(owner, fd));
        } catch (IOException | RuntimeException e) {
            Sockets.closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Opens a connected pair of Unix-domain streams ({@code socketpair}).
     *
     * @param owner the provider
     * @return the two ends
     * @throws IOException if that fails
     */
    public static UnixStream[] unixStreamPair(PollProvider owner) throws IOException {
        int[] fds = Sockets.pair(Os.SOCK_STREAM, "unix stream");
        return new UnixStream[] {new UnixStream(unixStream(owner, fds[0])), new UnixStream(unixStream(owner, fds[1]))};
    }

    /**
     * Binds a Unix-domain datagram socket.
     *
     * @param owner the provider
     * @param address a path or abstract name
     * @return the socket
     * @throws IOException if binding fails
     */
    public static UnixDatagram bindUnixDatagram(PollProvider owner, UnixAddress address) throws IOException {
        Scratch s = Scratch.get();
        int length = Sockaddr.encode(s.address(), address);
        int fd = Sockets.open(Os.AF_UNIX, Os.SOCK_DGRAM, "unix datagram " + address);
        try {
            Sockets.bind(fd, s.address(), length, address);
            return new UnixDatagram(unixDatagram(owner, fd));
        } catch (IOException | RuntimeException e) {
            Sockets.closeAfterFailure(fd, e);
            throw e;
        }
    }

    /**
     * Opens an unbound Unix-domain datagram socket.
     *
     * @param owner the provider
     * @return the socket
     * @throws IOException if that fails
     */
    public static UnixDatagram unboundUnixDatagram(PollProvider owner) throws IOException {
        return new UnixDatagram(unixDatagram(owner, Sockets.open(Os.AF_UNIX, Os.SOCK_DGRAM, "unix datagram")));
    }

    /**
     * Opens a connected pair of Unix-domain datagram sockets.
     *
     * @param owner the provider
     * @return the two ends
     * @throws IOException if that fails
     */
    public static UnixDatagram[] unixDatagramPair(PollProvider owner) throws IOException {
        int[] fds = Sockets.pair(Os.SOCK_DGRAM, "unix datagram");
        return new UnixDatagram[] {new UnixDatagram(unixDatagram(owner, fds[0])), new UnixDatagram(unixDatagram(owner, fds[1]))};
    }

    private static NativeStream<UnixAddress> unixStream(PollProvider owner, int fd) {
        return new NativeStream<>(owner, fd, Os.AF_UNIX, null);
    }

    private static NativeDatagram<UnixAddress> unixDatagram(PollProvider owner, int fd) {
        return new NativeDatagram<>(owner, fd, Os.AF_UNIX);
    }

    /**
     * Opens a non-blocking, close-on-exec pipe ({@code pipe2(O_NONBLOCK | O_CLOEXEC)}, or pipe and
     * fcntl where there is no pipe2).
     *
     * @param owner the provider
     * @return the pipe
     * @throws IOException if that fails
     */
    public static Pipe openPipe(PollProvider owner) throws IOException {
        int[] fds = pipe(Sockets.ATOMIC_FLAGS);
        return new Pipe(new Pipe.Sender(new PosixPipe.End(owner, fds[1], "Pipe.Sender")),
                new Pipe.Receiver(new PosixPipe.End(owner, fds[0], "Pipe.Receiver")));
    }

    /**
     * Opens a non-blocking, close-on-exec pipe as two bare descriptors, for a backend's wake-up.
     *
     * @return {read end, write end}, which the caller closes
     * @throws IOException if that fails
     */
    public static int[] openPipeDescriptors() throws IOException {
        return pipe(Sockets.ATOMIC_FLAGS);
    }

    /** @return {read end, write end}; {@code atomic} false uses pipe + fcntl, as on macOS */
    static int[] pipe(boolean atomic) throws IOException {
        Scratch s = Scratch.get();
        try {
            int r = atomic
                    ? (int) Libc.pipe2.invokeExact(s.callState, s.value(), Os.O_NONBLOCK | Os.O_CLOEXEC)
                    : (int) Libc.pipe.invokeExact(s.callState, s.value());
            if (r < 0) {
                throw Errno.exception(atomic ? "pipe2" : "pipe", Downcalls.errno(s.callState));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
        int[] fds = {s.value().get(JAVA_INT, 0), s.value().get(JAVA_INT, 4)};
        if (!atomic) {
            Sockets.configurePair(fds, false);
        }
        return fds;
    }

    /**
     * Wraps a descriptor the user owns; closing the source never closes it.
     *
     * @param owner the provider
     * @param fd the descriptor, not negative
     * @return the source
     */
    public static SourceFd sourceFd(PollProvider owner, int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("file descriptor must not be negative, was " + fd);
        }
        return new PosixPipe.UserFd(owner, fd);
    }
}
