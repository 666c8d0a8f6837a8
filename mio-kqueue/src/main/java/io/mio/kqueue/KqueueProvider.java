package io.mio.kqueue;

import io.mio.Poll;
import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.PosixProvider;
import io.mio.posix.PosixSockets;
import io.mio.spi.Availability;
import io.mio.spi.Capability;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The kqueue backend: kqueue and kevent of macOS and the BSDs, and the native sockets of
 * {@code io.mio.posix}, through the Foreign Function and Memory API. Priority 90: the default where
 * kqueue exists (epoll, 100, exists only on Linux; poll is 50, the JDK's Selector 0).
 *
 * <p>On Linux it is unavailable, unless the system property {@code io.mio.kqueue.library} names a
 * library with {@code kqueue} and {@code kevent} of FreeBSD's ABI: the kqueue shim its tests run on.
 */
public final class KqueueProvider extends PosixProvider {
    /** The backend's name. */
    public static final String NAME = "kqueue";


    /**
     * Creates the provider; found by {@link java.util.ServiceLoader}. Level and Oneshot natively (a
     * knote without {@code EV_CLEAR}, and {@code EV_DISPATCH}); kqueue has no priority (out-of-band)
     * filter here, so priority events are absent.
     */
    public KqueueProvider() {
        super(NAME, 90, true, Capability.PRIORITY_EVENTS);
    }

    @Override
    protected Poll newPoll() throws IOException {
        return new KqueuePoll(this);
    }

    /**
     * Why kqueue is unavailable on an OS, before anything is called: null where a kqueue flavour is known.
     *
     * @param osName an {@code os.name} value
     * @param library the {@code io.mio.kqueue.library} property, or null
     * @return null, or the reason
     */
    static String unsupported(String osName, String library) {
        if (library != null || Kevent.forOs(osName) != null) {
            return null;
        }
        return "kqueue exists on macOS and the BSDs; this is " + osName
                + " (set -D" + Kevent.LIBRARY_PROPERTY + "=<path of a kqueue library> to run over one,"
                + " as mio-kqueue's tests do with their Linux shim)";
    }

    /**
     * Whether kqueue works here: an OS with a known kqueue flavour (or the shim), the POSIX layer
     * (which names the OS or architecture it lacks facts for, and the native-access flag), and a
     * {@code kqueue()} that succeeds.
     */
    @Override
    protected Availability probe() {
        String reason = unsupported(System.getProperty("os.name", ""), Kevent.LIBRARY);
        if (reason != null) {
            return Availability.unavailable(reason);
        }
        Availability sockets = PosixSockets.availability();
        if (!sockets.available()) {
            return sockets;
        }
        if (Kevent.LIBRARY != null && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(Kevent.LIBRARY))) {
            return Availability.unavailable("the kqueue library " + Kevent.LIBRARY + " (named by -D"
                    + Kevent.LIBRARY_PROPERTY + " or " + Kevent.LIBRARY_VARIABLE + ") does not exist");
        }
        try (Arena arena = Arena.ofConfined()) {
            java.util.Objects.requireNonNull(Kevent.Calls.kqueue$mh); // loads the library: a LinkageError if it cannot
            MemorySegment state = Downcalls.newCallState(arena);
            int kq = Kevent.kqueue(state);
            if (kq < 0) {
                return Availability.unavailable(Errno.message("kqueue", Downcalls.errno(state)));
            }
            Descriptors.close(kq);
            return Availability.AVAILABLE;
        } catch (IOException | RuntimeException | LinkageError e) {
            // a missing symbol, or a library that cannot be loaded
            return Availability.unavailable("kqueue could not be called (" + Kevent.HERE + "): " + e);
        }
    }
}
