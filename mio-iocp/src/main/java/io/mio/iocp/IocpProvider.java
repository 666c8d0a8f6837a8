package io.mio.iocp;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code iocp} backend: Windows' AFD polls on an I/O completion port, as Rust mio does it.
 * Priority 100, the native backend of its OS.
 *
 * <p>Its driver (the calls into ntdll, kernel32 and ws2_32 through the Foreign Function and Memory
 * API) is not written yet, so the provider is unavailable everywhere, with the cause: on a system
 * other than Windows, that it needs Windows. The system property {@value #SHIM_PROPERTY} names a
 * library that provides those Win32 functions on another system (the Win32 shim for Linux built by
 * this module's tests, {@code libmiowin32.so}); the driver will load its functions from there, so
 * that the TCK runs the Windows driver's own code on Linux.
 */
public final class IocpProvider extends PollProvider {
    /** The backend's name. */
    public static final String NAME = "iocp";

    /** System property: the path of a library that provides the Win32 functions (the shim). */
    public static final String SHIM_PROPERTY = "io.mio.iocp.shim";

    private final Availability availability = availabilityOn(System.getProperty("os.name", ""), shim());

    /** Creates the provider; found by {@link java.util.ServiceLoader}. */
    public IocpProvider() {
    }

    /**
     * The shim library named by {@value #SHIM_PROPERTY}; a blank value names none.
     *
     * @return its path, or null
     */
    static String shim() {
        String shim = System.getProperty(SHIM_PROPERTY, "");
        return shim.isBlank() ? null : shim;
    }

    /**
     * Whether the backend works on a system, and why not.
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
            return Availability.unavailable("the AFD/IOCP driver is not written yet (the Win32 shim " + shim
                    + " is ready for it)");
        }
        if (!windows) {
            return Availability.unavailable("iocp needs Windows (this is " + osName + "); -D" + SHIM_PROPERTY
                    + "=<path of libmiowin32.so> runs it over the Win32 shim for Linux");
        }
        return Availability.unavailable("the AFD/IOCP driver is not written yet: use the selector backend on Windows");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public Poll openPoll() throws IOException {
        throw unavailable();
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        throw unavailable();
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        throw unavailable();
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        throw unavailable();
    }

    private IOException unavailable() {
        return new IOException("mio backend '" + NAME + "' is unavailable: " + availability.cause());
    }
}
