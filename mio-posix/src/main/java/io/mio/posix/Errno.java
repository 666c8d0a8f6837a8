package io.mio.posix;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * errno values by operating system, their names and texts, and the Java exception each one becomes.
 *
 * <p>The numbers differ between Linux and the BSDs (EAGAIN is 11 on Linux, 35 on macOS and FreeBSD),
 * so the table below has one column per OS and the constants of this class hold the running OS's
 * value; code compares against them ({@code errno == Errno.EAGAIN}), never against a literal. The
 * Linux column is checked against {@code <errno.h>} by {@code OsLayoutTest}; the macOS and FreeBSD
 * columns are from their {@code sys/errno.h} and wait for the kqueue backend's test to check them.
 * The texts are glibc's {@code strerror} texts, kept here because {@code strerror} is not
 * thread-safe and {@code strerror_r} has two incompatible variants.
 */
public final class Errno {
    //   name               Linux macOS FreeBSD  text
    private static final Object[][] TABLE = {
            {"EPERM",            1,   1,   1, "Operation not permitted"},
            {"ENOENT",           2,   2,   2, "No such file or directory"},
            {"ESRCH",            3,   3,   3, "No such process"},
            {"EINTR",            4,   4,   4, "Interrupted system call"},
            {"EIO",              5,   5,   5, "Input/output error"},
            {"ENXIO",            6,   6,   6, "No such device or address"},
            {"E2BIG",            7,   7,   7, "Argument list too long"},
            {"ENOEXEC",          8,   8,   8, "Exec format error"},
            {"EBADF",            9,   9,   9, "Bad file descriptor"},
            {"ECHILD",          10,  10,  10, "No child processes"},
            {"EAGAIN",          11,  35,  35, "Resource temporarily unavailable"},
            {"ENOMEM",          12,  12,  12, "Cannot allocate memory"},
            {"EACCES",          13,  13,  13, "Permission denied"},
            {"EFAULT",          14,  14,  14, "Bad address"},
            {"EBUSY",           16,  16,  16, "Device or resource busy"},
            {"EEXIST",          17,  17,  17, "File exists"},
            {"EXDEV",           18,  18,  18, "Invalid cross-device link"},
            {"ENODEV",          19,  19,  19, "No such device"},
            {"ENOTDIR",         20,  20,  20, "Not a directory"},
            {"EISDIR",          21,  21,  21, "Is a directory"},
            {"EINVAL",          22,  22,  22, "Invalid argument"},
            {"ENFILE",          23,  23,  23, "Too many open files in system"},
            {"EMFILE",          24,  24,  24, "Too many open files"},
            {"ENOTTY",          25,  25,  25, "Inappropriate ioctl for device"},
            {"EFBIG",           27,  27,  27, "File too large"},
            {"ENOSPC",          28,  28,  28, "No space left on device"},
            {"ESPIPE",          29,  29,  29, "Illegal seek"},
            {"EROFS",           30,  30,  30, "Read-only file system"},
            {"EMLINK",          31,  31,  31, "Too many links"},
            {"EPIPE",           32,  32,  32, "Broken pipe"},
            {"EDOM",            33,  33,  33, "Numerical argument out of domain"},
            {"ERANGE",          34,  34,  34, "Numerical result out of range"},
            {"EDEADLK",         35,  11,  11, "Resource deadlock avoided"},
            {"ENAMETOOLONG",    36,  63,  63, "File name too long"},
            {"ENOSYS",          38,  78,  78, "Function not implemented"},
            {"ENOTEMPTY",       39,  66,  66, "Directory not empty"},
            {"ELOOP",           40,  62,  62, "Too many levels of symbolic links"},
            {"EPROTO",          71, 100,  92, "Protocol error"},
            {"EOVERFLOW",       75,  84,  84, "Value too large for defined data type"},
            {"ENOTSOCK",        88,  38,  38, "Socket operation on non-socket"},
            {"EDESTADDRREQ",    89,  39,  39, "Destination address required"},
            {"EMSGSIZE",        90,  40,  40, "Message too long"},
            {"EPROTOTYPE",      91,  41,  41, "Protocol wrong type for socket"},
            {"ENOPROTOOPT",     92,  42,  42, "Protocol not available"},
            {"EPROTONOSUPPORT", 93,  43,  43, "Protocol not supported"},
            {"ESOCKTNOSUPPORT", 94,  44,  44, "Socket type not supported"},
            {"EOPNOTSUPP",      95, 102,  45, "Operation not supported"},
            {"EPFNOSUPPORT",    96,  46,  46, "Protocol family not supported"},
            {"EAFNOSUPPORT",    97,  47,  47, "Address family not supported by protocol"},
            {"EADDRINUSE",      98,  48,  48, "Address already in use"},
            {"EADDRNOTAVAIL",   99,  49,  49, "Cannot assign requested address"},
            {"ENETDOWN",       100,  50,  50, "Network is down"},
            {"ENETUNREACH",    101,  51,  51, "Network is unreachable"},
            {"ENETRESET",      102,  52,  52, "Network dropped connection on reset"},
            {"ECONNABORTED",   103,  53,  53, "Software caused connection abort"},
            {"ECONNRESET",     104,  54,  54, "Connection reset by peer"},
            {"ENOBUFS",        105,  55,  55, "No buffer space available"},
            {"EISCONN",        106,  56,  56, "Transport endpoint is already connected"},
            {"ENOTCONN",       107,  57,  57, "Transport endpoint is not connected"},
            {"ESHUTDOWN",      108,  58,  58, "Cannot send after transport endpoint shutdown"},
            {"ETIMEDOUT",      110,  60,  60, "Connection timed out"},
            {"ECONNREFUSED",   111,  61,  61, "Connection refused"},
            {"EHOSTDOWN",      112,  64,  64, "Host is down"},
            {"EHOSTUNREACH",   113,  65,  65, "No route to host"},
            {"EALREADY",       114,  37,  37, "Operation already in progress"},
            {"EINPROGRESS",    115,  36,  36, "Operation now in progress"},
            {"EDQUOT",         122,  69,  69, "Disk quota exceeded"},
            {"ECANCELED",      125,  89,  85, "Operation canceled"},
    };
    private static final int COLUMN = switch (Os.KIND) {
        case LINUX -> 1;
        case MACOS -> 2;
        case FREEBSD -> 3;
    };
    /** Names and texts indexed by the running OS's errno number. */
    private static final String[] NAMES = new String[256];
    private static final String[] TEXTS = new String[256];

    static {
        for (Object[] row : TABLE) {
            int number = (Integer) row[COLUMN];
            NAMES[number] = (String) row[0];
            TEXTS[number] = (String) row[4];
        }
    }

    /** Operation not permitted. */
    public static final int EPERM = value("EPERM");
    /** No such file or directory. */
    public static final int ENOENT = value("ENOENT");
    /** Interrupted system call: retry. */
    public static final int EINTR = value("EINTR");
    /** Bad file descriptor. */
    public static final int EBADF = value("EBADF");
    /** Would block; {@code EWOULDBLOCK} has the same value on every supported OS. */
    public static final int EAGAIN = value("EAGAIN");
    /** Same as {@link #EAGAIN} on Linux, macOS and FreeBSD. */
    public static final int EWOULDBLOCK = EAGAIN;
    /** Out of memory. */
    public static final int ENOMEM = value("ENOMEM");
    /** Permission denied. */
    public static final int EACCES = value("EACCES");
    /** Already exists. */
    public static final int EEXIST = value("EEXIST");
    /** Invalid argument. */
    public static final int EINVAL = value("EINVAL");
    /** Too many open files in the system. */
    public static final int ENFILE = value("ENFILE");
    /** Too many open files in the process. */
    public static final int EMFILE = value("EMFILE");
    /** Broken pipe: the peer is gone. */
    public static final int EPIPE = value("EPIPE");
    /** Not implemented. */
    public static final int ENOSYS = value("ENOSYS");
    /** Not a socket. */
    public static final int ENOTSOCK = value("ENOTSOCK");
    /** Protocol option not available. */
    public static final int ENOPROTOOPT = value("ENOPROTOOPT");
    /** Operation not supported. */
    public static final int EOPNOTSUPP = value("EOPNOTSUPP");
    /** Address family not supported. */
    public static final int EAFNOSUPPORT = value("EAFNOSUPPORT");
    /** Address already in use. */
    public static final int EADDRINUSE = value("EADDRINUSE");
    /** Cannot assign the requested address. */
    public static final int EADDRNOTAVAIL = value("EADDRNOTAVAIL");
    /** Network unreachable. */
    public static final int ENETUNREACH = value("ENETUNREACH");
    /** Connection aborted (accept: the peer gave up before it was accepted). */
    public static final int ECONNABORTED = value("ECONNABORTED");
    /** Connection reset by the peer. */
    public static final int ECONNRESET = value("ECONNRESET");
    /** Already connected. */
    public static final int EISCONN = value("EISCONN");
    /** Not connected. */
    public static final int ENOTCONN = value("ENOTCONN");
    /** Connect timed out. */
    public static final int ETIMEDOUT = value("ETIMEDOUT");
    /** Connection refused. */
    public static final int ECONNREFUSED = value("ECONNREFUSED");
    /** No route to host. */
    public static final int EHOSTUNREACH = value("EHOSTUNREACH");
    /** A non-blocking connect is already in progress. */
    public static final int EALREADY = value("EALREADY");
    /** A non-blocking connect started. */
    public static final int EINPROGRESS = value("EINPROGRESS");
    /** Protocol error (Linux accept4 may return it for a connection that failed). */
    public static final int EPROTO = value("EPROTO");

    private Errno() {
    }

    /**
     * The symbolic name of an errno of the running OS.
     *
     * @param errno the number
     * @return e.g. {@code "EADDRINUSE"}, or {@code "errno 300"} if unknown
     */
    public static String name(int errno) {
        String name = errno >= 0 && errno < NAMES.length ? NAMES[errno] : null;
        return name != null ? name : "errno " + errno;
    }

    /**
     * The text of an errno, as {@code strerror} words it.
     *
     * @param errno the number
     * @return e.g. {@code "Address already in use"}
     */
    public static String text(int errno) {
        String text = errno >= 0 && errno < TEXTS.length ? TEXTS[errno] : null;
        return text != null ? text : "Unknown error " + errno;
    }

    /**
     * The message of a failed call: {@code "bind(127.0.0.1:8080) failed: EADDRINUSE (Address already in use)"}.
     *
     * @param call the call, with what it was applied to if useful
     * @param errno the errno
     * @return the message
     */
    public static String message(String call, int errno) {
        return call + " failed: " + name(errno) + " (" + text(errno) + ")";
    }

    /**
     * The exception a Java user expects for a failed call, as the JDK's sockets raise them:
     * {@link ConnectException} for a refused or timed-out connect or an unreachable network,
     * {@link BindException} for an address in use or not available (and a denied bind),
     * {@link NoRouteToHostException} for an unreachable host, a {@link SocketException} whose
     * message contains "Connection reset" for a reset, a {@link ClosedChannelException} for a bad
     * descriptor (the use of a closed one), and an {@link IOException} otherwise. The message always
     * names the call, the errno name and its text.
     *
     * @param call the call, e.g. {@code "bind(127.0.0.1:8080)"}
     * @param errno the errno it failed with
     * @return the exception, to throw
     */
    public static IOException exception(String call, int errno) {
        String message = message(call, errno);
        if (errno == ECONNREFUSED || errno == ETIMEDOUT || errno == ENETUNREACH) {
            return new ConnectException(message);
        }
        if (errno == EADDRINUSE || errno == EADDRNOTAVAIL || (errno == EACCES && call.startsWith("bind"))) {
            return new BindException(message);
        }
        if (errno == EHOSTUNREACH) {
            return new NoRouteToHostException(message);
        }
        if (errno == ECONNRESET) {
            return new SocketException(message); // the text says "Connection reset by peer"
        }
        if (errno == EBADF) {
            return new ClosedDescriptorException(message);
        }
        return new IOException(message);
    }

    private static int value(String name) {
        for (Object[] row : TABLE) {
            if (row[0].equals(name)) {
                return (Integer) row[COLUMN];
            }
        }
        throw new AssertionError(name);
    }

    /** The table, for the test that checks it against the C headers. */
    static Object[][] table() {
        return TABLE.clone();
    }

    /**
     * A call on a closed descriptor: a {@link ClosedChannelException} (what a closed
     * {@code java.nio} channel throws) that keeps the call and errno in its message.
     */
    public static final class ClosedDescriptorException extends ClosedChannelException {
        private static final long serialVersionUID = 1L;
        /** The message; ClosedChannelException has no message constructor. */
        private final String message;

        /**
         * Creates the exception.
         *
         * @param message what failed
         */
        public ClosedDescriptorException(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
