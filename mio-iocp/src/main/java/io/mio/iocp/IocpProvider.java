package io.mio.iocp;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code iocp} backend: Windows' AFD polls on an I/O completion port, as Rust mio does it: the
 * completion-port selector of {@code io.mio.completion} over the {@link IocpDriver}, with Winsock
 * sockets ({@link WinStream}, {@link WinListener}, {@link WinDatagram}): TCP, UDP and Unix-domain
 * streams ({@code AF_UNIX}, Windows 10 1803 and later). Priority 100, the native
 * backend of its OS.
 *
 * <p>The system property {@value #SHIM_PROPERTY} names a library that provides the Win32 functions
 * on another system (the Win32 shim for Linux built by this module's tests, {@code libmiowin32.so});
 * the driver then loads its functions from there, so that the TCK runs the Windows driver's own code
 * on Linux. Without it the backend is available on Windows only.
 *
 * <p>What it does not do (capabilities absent, so the TCK skips those checks with the reason):
 * write-closed events (AFD reports nothing for a local {@code shutdown}; Rust mio ignores its
 * {@code tcp_shutdown_client_both_close_event} test on Windows for that reason), Unix-domain sockets, pipes and raw descriptors (no such sources on Windows' AFD path here),
 * {@code SO_REUSEPORT} (Windows has none), multicast, {@code IP_TTL}/{@code IPV6_V6ONLY} options,
 * priority events (AFD's expedited data is asked, but not checked against the shim or Wine), and
 * ICMP errors of connected UDP sockets. Listeners are bound without {@code SO_REUSEADDR}: on Windows
 * it lets another socket take the port (mio does not set it either).
 */
public final class IocpProvider extends PollProvider {
    /** The backend's name. */
    public static final String NAME = "iocp";

    /** System property: the path of a library that provides the Win32 functions (the shim). */
    public static final String SHIM_PROPERTY = "io.mio.iocp.shim";
    /** Environment variable read when the property is not set: a child JVM of a test inherits it. */
    public static final String SHIM_VARIABLE = "MIO_IOCP_SHIM";

    /** Winsock's {@code SOMAXCONN}: the provider's largest backlog. */
    private static final int SOMAXCONN = 0x7FFF_FFFF;

    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.READ_CLOSED_EVENTS, Capability.ERROR_EVENTS, Capability.PEEK, Capability.UNIX_STREAM,
            Capability.REGISTRATION_MODES));

    /** Checked once per class loader: whether the Win32 functions load and Winsock starts. */
    private static final class Check {
        static final Availability AVAILABILITY = probe();
    }

    /** Creates the provider; found by {@link java.util.ServiceLoader}. */
    public IocpProvider() {
    }

    /**
     * The shim library named by {@value #SHIM_PROPERTY}, else by the environment variable
     * {@value #SHIM_VARIABLE}; a blank value names none.
     *
     * @return its path, or null
     */
    static String shim() {
        String shim = System.getProperty(SHIM_PROPERTY);
        if (shim == null) {
            shim = System.getenv(SHIM_VARIABLE);
        }
        return shim == null || shim.isBlank() ? null : shim;
    }

    /**
     * Whether the backend can work on a system, before loading anything, and why not.
     *
     * @param osName the system's {@code os.name}
     * @param shim the value of {@value #SHIM_PROPERTY}, or null
     * @return the availability
     */
    static Availability availabilityOn(String osName, String shim) {
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        if (shim != null) {
            if (!Files.isRegularFile(Path.of(shim))) {
                return Availability.unavailable(SHIM_PROPERTY + " names " + shim + ", which is not a file");
            }
            return Availability.AVAILABLE;
        }
        if (!windows) {
            return Availability.unavailable("iocp needs Windows (this is " + osName + "); -D" + SHIM_PROPERTY
                    + "=<path of libmiowin32.so> runs it over the Win32 shim for Linux");
        }
        return Availability.AVAILABLE;
    }

    private static Availability probe() {
        Availability here = availabilityOn(System.getProperty("os.name", ""), shim());
        if (!here.available()) {
            return here;
        }
        try {
            Winsock.start();
            IocpDriver.open().close();
            return Availability.AVAILABLE;
        } catch (IOException | RuntimeException | LinkageError e) {
            // a denied downcall handle arrives bare or inside Win32Calls' ExceptionInInitializerError
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalCallerException denied) {
                    return Availability.nativeAccessDenied(IocpProvider.class.getModule(), denied);
                }
            }
            return Availability.unavailable("the Win32 functions did not load or start (" + e + ")");
        }
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
        return CAPABILITIES;
    }

    @Override
    public Poll openPoll() throws IOException {
        requireAvailable();
        return IocpPoll.open(this);
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        requireAvailable();
        if (reusePort) {
            throw unsupported(Capability.REUSE_PORT);
        }
        int family = family(address);
        return new TcpListener(listen(family, address, backlog));
    }

    @Override
    public UnixListener bindUnixListener(UnixAddress address) throws IOException {
        requireAvailable();
        WinScratch.get().encode(address); // checks the path before a socket exists
        return new UnixListener(listen(Win32.AF_UNIX, address, 0));
    }

    /** A bound, listening stream socket of {@code family}. */
    private <A extends SocketAddress> WinListener<A> listen(int family, A address, int backlog) throws IOException {
        long[] socket = WinSocket.open(family, Win32.SOCK_STREAM);
        WinListener<A> listener = new WinListener<>(this, socket[0], socket[1], family);
        try {
            WinScratch s = WinScratch.get();
            if (Win32Calls.bind(s.state, socket[0], s.encode(listener.family, address)) != 0) {
                throw listener.failure("bind(" + WinSocket.text(address) + ")", s);
            }
            if (Win32Calls.listen(s.state, socket[0], backlog > 0 ? backlog : SOMAXCONN) != 0) {
                throw listener.failure("listen", s);
            }
            return listener;
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        requireAvailable();
        return new TcpStream(connect(family(address), address));
    }

    @Override
    public UnixStream connectUnixStream(UnixAddress address) throws IOException {
        requireAvailable();
        WinScratch.get().encode(address); // checks the path before a socket exists
        return new UnixStream(connect(Win32.AF_UNIX, address));
    }

    /** A stream socket of {@code family} connecting to {@code address}. */
    private <A extends SocketAddress> WinStream<A> connect(int family, A address) throws IOException {
        long[] socket = WinSocket.open(family, Win32.SOCK_STREAM);
        WinStream<A> stream = new WinStream<>(this, socket[0], socket[1], family, address);
        try {
            WinScratch s = WinScratch.get();
            // non-blocking: WSAEWOULDBLOCK, then AFD reports SEND when connected or CONNECT_FAIL
            if (Win32Calls.connect(s.state, socket[0], s.encode(stream.family, address)) != 0
                    && Win32Calls.wsaLastError(s.state) != Win32.WSAEWOULDBLOCK) {
                IOException failure = stream.failure("connect(" + WinSocket.text(address) + ")", s);
                if (address instanceof UnixAddress unix && !Files.exists(unix.path())) {
                    // Winsock says only "refused" where POSIX says ENOENT: name the cause the user can fix
                    failure = new ConnectException(failure.getMessage() + ": no such file " + unix.path());
                }
                throw failure;
            }
            return stream;
        } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        requireAvailable();
        int family = family(address);
        long[] socket = WinSocket.open(family, Win32.SOCK_DGRAM);
        WinDatagram datagram = new WinDatagram(this, socket[0], socket[1], family);
        try {
            WinScratch s = WinScratch.get();
            if (Win32Calls.bind(s.state, socket[0], s.encode(datagram.family, address)) != 0) {
                throw datagram.failure("bind(" + WinSocket.text(address) + ")", s);
            }
            return new UdpSocket(datagram);
        } catch (IOException | RuntimeException e) {
            datagram.close();
            throw e;
        }
    }

    private static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? Win32.AF_INET6 : Win32.AF_INET;
    }

    private void requireAvailable() throws IOException {
        Availability availability = availability();
        if (!availability.available()) {
            throw new IOException("mio backend '" + NAME + "' is unavailable: " + availability.cause());
        }
    }
}
