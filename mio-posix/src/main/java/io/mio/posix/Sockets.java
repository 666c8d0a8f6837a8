package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Enumeration;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The socket calls shared by the socket types: creating, binding, getsockopt and setsockopt (the
 * option table is {@link NativeSocket}'s), addresses, shutdown and the pending error. Every method
 * that takes a {@link NativeFd} acquires and releases it itself.
 */
final class Sockets {
    /** Flags of every send: MSG_NOSIGNAL where the OS has it (a closed peer gives EPIPE, not SIGPIPE). */
    static final int SEND_FLAGS = Os.MSG_NOSIGNAL > 0 ? Os.MSG_NOSIGNAL : 0;
    /** The listen backlog for "the system's default": the kernel caps it at net.core.somaxconn. */
    static final int DEFAULT_BACKLOG = 4096;

    private Sockets() {
    }

    /**
     * Whether socket, accept4, socketpair and pipe2 take the non-blocking and close-on-exec flags
     * (Linux, FreeBSD); elsewhere (macOS) {@link #configure} sets them with fcntl after the call.
     */
    static final boolean ATOMIC_FLAGS = Os.SOCK_NONBLOCK > 0 && Os.SOCK_CLOEXEC > 0
            && Libc.accept4 != null && Libc.pipe2 != null;

    /**
     * Opens a non-blocking, close-on-exec socket.
     *
     * @return the descriptor
     */
    static int open(int family, int type, String what) throws IOException {
        return open(family, type, what, ATOMIC_FLAGS);
    }

    /** As {@link #open(int, int, String)}; {@code atomic} false sets the flags with fcntl (tested on Linux too). */
    static int open(int family, int type, String what, boolean atomic) throws IOException {
        Scratch s = Scratch.get();
        try {
            int flags = atomic ? Os.SOCK_NONBLOCK | Os.SOCK_CLOEXEC : 0;
            int fd = (int) Libc.socket.invokeExact(s.callState, family, type | flags, 0);
            if (fd < 0) {
                throw Errno.exception("socket(" + what + ")", Downcalls.errno(s.callState));
            }
            if (!atomic) {
                configure(fd, true);
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /**
     * Makes a new descriptor non-blocking and close-on-exec with fcntl, and a socket free of
     * SIGPIPE where the OS has SO_NOSIGPIPE instead of MSG_NOSIGNAL; closes it if that fails.
     * Not atomic: another thread's fork+exec can inherit it in between, which is why the flag
     * variants are used where they exist.
     */
    static void configure(int fd, boolean socket) throws IOException {
        Scratch s = Scratch.get();
        try {
            int flags = (int) Libc.fcntl.invokeExact(s.callState, fd, Os.F_GETFL, 0);
            if (flags < 0 || (int) Libc.fcntl.invokeExact(s.callState, fd, Os.F_SETFL, flags | Os.O_NONBLOCK) < 0) {
                throw Errno.exception("fcntl(fd " + fd + ", O_NONBLOCK)", Downcalls.errno(s.callState));
            }
            if ((int) Libc.fcntl.invokeExact(s.callState, fd, Os.F_SETFD, Os.FD_CLOEXEC) < 0) {
                throw Errno.exception("fcntl(fd " + fd + ", FD_CLOEXEC)", Downcalls.errno(s.callState));
            }
            if (socket && Os.SO_NOSIGPIPE > 0) {
                s.value().set(JAVA_INT, 0, 1);
                if ((int) Libc.setsockopt.invokeExact(s.callState, fd, Os.SOL_SOCKET, Os.SO_NOSIGPIPE, s.value(), 4) < 0) {
                    throw Errno.exception("setsockopt(SO_NOSIGPIPE)", Downcalls.errno(s.callState));
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            closeAfterFailure(fd, e);
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /**
     * Opens a connected pair of non-blocking Unix-domain sockets.
     *
     * @return the two descriptors
     */
    static int[] pair(int type, String what) throws IOException {
        return pair(type, what, ATOMIC_FLAGS);
    }

    static int[] pair(int type, String what, boolean atomic) throws IOException {
        Scratch s = Scratch.get();
        try {
            int flags = atomic ? Os.SOCK_NONBLOCK | Os.SOCK_CLOEXEC : 0;
            int r = (int) Libc.socketpair.invokeExact(s.callState, Os.AF_UNIX, type | flags, 0, s.value());
            if (r < 0) {
                throw Errno.exception("socketpair(" + what + ")", Downcalls.errno(s.callState));
            }
            int[] fds = {s.value().get(JAVA_INT, 0), s.value().get(JAVA_INT, 4)};
            if (!atomic) {
                configurePair(fds, true);
            }
            return fds;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /** {@link #configure} for both descriptors of a pair; closes both if either fails. */
    static void configurePair(int[] fds, boolean socket) throws IOException {
        try {
            configure(fds[0], socket);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(fds[1], e);
            throw e;
        }
        try {
            configure(fds[1], socket);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(fds[0], e); // configure closed fds[1] itself
            throw e;
        }
    }

    /** Closes a descriptor not yet wrapped in a NativeFd (a failed setup), adding any failure to {@code cause}. */
    static void closeAfterFailure(int fd, Throwable cause) {
        try {
            new NativeFd(fd, true).close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** bind(2) of the address in the thread's scratch. */
    static void bind(int fd, MemorySegment sa, int length, Object what) throws IOException {
        Scratch s = Scratch.get();
        try {
            int r = (int) Libc.bind.invokeExact(s.callState, fd, sa, length);
            if (r < 0) {
                throw Errno.exception("bind(" + what + ")", Downcalls.errno(s.callState));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    static void listen(int fd, int backlog, Object what) throws IOException {
        Scratch s = Scratch.get();
        try {
            int r = (int) Libc.listen.invokeExact(s.callState, fd, backlog > 0 ? backlog : DEFAULT_BACKLOG);
            if (r < 0) {
                throw Errno.exception("listen(" + what + ")", Downcalls.errno(s.callState));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /**
     * Starts a non-blocking connect.
     *
     * @return 0 if connected at once, EINPROGRESS if in progress, else the errno
     */
    static int connect(int fd, MemorySegment sa, int length) {
        Scratch s = Scratch.get();
        try {
            int r = (int) Libc.connect.invokeExact(s.callState, fd, sa, length);
            if (r == 0) {
                return 0;
            }
            int errno = Downcalls.errno(s.callState);
            // an interrupted non-blocking connect goes on in the background, as EINPROGRESS (connect(2))
            return errno == Errno.EINTR ? Errno.EINPROGRESS : errno;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /**
     * accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC, without reading the peer's address (read later,
     * only if asked for). Retries EINTR and ECONNABORTED (a peer that gave up before accept).
     *
     * @return the new descriptor, or -1 if none is pending
     */
    static int accept(NativeFd listener, String what) throws IOException {
        return accept(listener, what, ATOMIC_FLAGS);
    }

    static int accept(NativeFd listener, String what, boolean atomic) throws IOException {
        listener.acquire();
        int fd = listener.fd;
        try {
            Scratch s = Scratch.get();
            for (;;) {
                int r = atomic
                        ? (int) Libc.accept4.invokeExact(s.callState, fd, MemorySegment.NULL, MemorySegment.NULL,
                                Os.SOCK_NONBLOCK | Os.SOCK_CLOEXEC)
                        : (int) Libc.accept.invokeExact(s.callState, fd, MemorySegment.NULL, MemorySegment.NULL);
                if (r >= 0) {
                    if (!atomic) {
                        configure(r, true);
                    }
                    return r;
                }
                int errno = Downcalls.errno(s.callState);
                if (errno == Errno.EAGAIN) {
                    listener.wouldBlock(Readiness.READABLE);
                    return -1;
                }
                if (errno != Errno.EINTR && errno != Errno.ECONNABORTED) {
                    throw Errno.exception("accept(" + what + ")", errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        } finally {
            listener.release();
        }
    }

    /**
     * shutdown(2).
     *
     * @return false if the socket is not connected (ENOTCONN): its connection is over (both sides
     *         sent FIN, or it was reset), which the JDK too treats as done, or never was
     */
    static boolean shutdown(NativeFd nfd, Shutdown how) throws IOException {
        nfd.acquire();
        int fd = nfd.fd;
        try {
            Scratch s = Scratch.get();
            int mode = switch (how) {
                case READ -> Os.SHUT_RD;
                case WRITE -> Os.SHUT_WR;
                case BOTH -> Os.SHUT_RDWR;
            };
            int r = (int) Libc.shutdown.invokeExact(s.callState, fd, mode);
            if (r < 0) {
                int errno = Downcalls.errno(s.callState);
                if (errno == Errno.ENOTCONN) {
                    return false;
                }
                throw Errno.exception("shutdown(" + how + ")", errno);
            }
            return true;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        } finally {
            nfd.release();
        }
    }

    /**
     * getsockname or getpeername into the thread's scratch address.
     *
     * @return the address length; -1 for a peer when not connected (ENOTCONN)
     */
    private static int name(NativeFd nfd, boolean peer, Scratch s) throws IOException {
        nfd.acquire();
        int fd = nfd.fd;
        try {
            s.length().set(JAVA_INT, 0, (int) Os.SOCKADDR_STORAGE.byteSize());
            int r = peer
                    ? (int) Libc.getpeername.invokeExact(s.callState, fd, s.address(), s.length())
                    : (int) Libc.getsockname.invokeExact(s.callState, fd, s.address(), s.length());
            if (r < 0) {
                int errno = Downcalls.errno(s.callState);
                if (peer && errno == Errno.ENOTCONN) {
                    return -1;
                }
                throw Errno.exception(peer ? "getpeername" : "getsockname", errno);
            }
            return s.length().get(JAVA_INT, 0);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        } finally {
            nfd.release();
        }
    }

    /**
     * The local or peer IP address.
     *
     * @return the address; null for a peer when not connected (ENOTCONN)
     */
    static InetSocketAddress inetName(NativeFd nfd, boolean peer) throws IOException {
        Scratch s = Scratch.get(); // the thread's: still holds the address after the descriptor is released
        return name(nfd, peer, s) < 0 ? null : Sockaddr.decodeInet(s.address());
    }

    /**
     * The local or peer Unix-domain address.
     *
     * @return the address; null for a peer when not connected
     */
    static UnixAddress unixName(NativeFd nfd, boolean peer) throws IOException {
        Scratch s = Scratch.get();
        int length = name(nfd, peer, s);
        return length < 0 ? null : Sockaddr.decodeUnix(s.address(), length);
    }

    static int getInt(NativeFd nfd, int level, int option, String what) throws IOException {
        Scratch s = Scratch.get();
        s.value().set(JAVA_INT, 0, 0);
        int length = getRaw(nfd, level, option, 4, what);
        // a BSD u_char option (IP_MULTICAST_LOOP/TTL) writes one byte and sets the length to 1
        return length == 1 ? s.value().get(JAVA_BYTE, 0) & 0xff : s.value().get(JAVA_INT, 0);
    }

    /**
     * getsockopt into the thread's scratch value, at most {@code length} bytes.
     *
     * @return the length the kernel wrote
     */
    static int getRaw(NativeFd nfd, int level, int option, int length, String what) throws IOException {
        nfd.acquire();
        int fd = nfd.fd;
        try {
            Scratch s = Scratch.get();
            s.length().set(JAVA_INT, 0, length);
            int r = (int) Libc.getsockopt.invokeExact(s.callState, fd, level, option, s.value(), s.length());
            if (r < 0) {
                throw Errno.exception("getsockopt(" + what + ")", Downcalls.errno(s.callState));
            }
            return s.length().get(JAVA_INT, 0);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        } finally {
            nfd.release();
        }
    }

    static void setInt(NativeFd nfd, int level, int option, int value, String what) throws IOException {
        Scratch s = Scratch.get();
        s.value().set(JAVA_INT, 0, value);
        setRaw(nfd, level, option, s.value(), 4, what);
    }

    /** setsockopt with {@code length} bytes of {@code value} (the thread's scratch). */
    static void setRaw(NativeFd nfd, int level, int option, MemorySegment value, int length, String what)
            throws IOException {
        nfd.acquire();
        int fd = nfd.fd;
        try {
            Scratch s = Scratch.get();
            int r = (int) Libc.setsockopt.invokeExact(s.callState, fd, level, option, value, length);
            if (r < 0) {
                int errno = Downcalls.errno(s.callState);
                if (errno == Errno.EINVAL) {
                    throw new IllegalArgumentException(Errno.message("setsockopt(" + what + ")", errno));
                }
                throw Errno.exception("setsockopt(" + what + ")", errno);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        } finally {
            nfd.release();
        }
    }

    /** @return {@code 127.0.0.1:8080} or {@code [::1]:8080}, or a Unix address's own text, for messages */
    static String text(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            return String.valueOf(address);
        }
        InetAddress ip = inet.getAddress();
        String host = ip == null ? inet.getHostString() : ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
    }

    /**
     * Joins or leaves a multicast group: ip_mreqn for an IPv4 group (also on a dual-stack IPv6
     * socket, which Linux accepts at the IP level), ipv6_mreq for an IPv6 group. A null interface is
     * index 0 and INADDR_ANY: the system chooses.
     */
    static void membership(NativeFd nfd, int family, InetAddress group, NetworkInterface nif, boolean join)
            throws IOException {
        Scratch s = Scratch.get();
        int index = nif == null ? 0 : Math.max(nif.getIndex(), 0);
        s.value().fill((byte) 0);
        if (group instanceof Inet4Address) {
            s.value().set(JAVA_INT, 0, ipv4Raw(group));
            s.value().set(JAVA_INT, Os.IMR_IFINDEX, index);
            // macOS has no ip_mreqn: its ip_mreq is the first 8 bytes, choosing the interface by address
            int length = Os.KIND == Os.Kind.MACOS ? 8 : (int) Os.IP_MREQN.byteSize();
            if (Os.KIND == Os.Kind.MACOS && nif != null) {
                s.value().set(JAVA_INT, Os.IMR_ADDRESS, ipv4Raw(firstIpv4(nif)));
            }
            setRaw(nfd, Os.IPPROTO_IP, join ? Os.IP_ADD_MEMBERSHIP : Os.IP_DROP_MEMBERSHIP, s.value(), length,
                    (join ? "IP_ADD_MEMBERSHIP " : "IP_DROP_MEMBERSHIP ") + group.getHostAddress());
        } else {
            MemorySegment.copy(group.getAddress(), 0, s.value(), JAVA_BYTE, 0, 16);
            s.value().set(JAVA_INT, Os.IPV6MR_INTERFACE, index);
            setRaw(nfd, Os.IPPROTO_IPV6, join ? Os.IPV6_JOIN_GROUP : Os.IPV6_LEAVE_GROUP, s.value(),
                    (int) Os.IPV6_MREQ.byteSize(),
                    (join ? "IPV6_JOIN_GROUP " : "IPV6_LEAVE_GROUP ") + group.getHostAddress());
        }
    }

    /** @return the address's 4 bytes as stored in memory (network order), for an in_addr field; 0 for null */
    static int ipv4Raw(InetAddress address) {
        if (address == null) {
            return 0;
        }
        return MemorySegment.ofArray(address.getAddress()).get(JAVA_INT_UNALIGNED, 0);
    }

    static InetAddress firstIpv4(NetworkInterface nif) {
        for (Enumeration<InetAddress> e = nif.getInetAddresses(); e.hasMoreElements(); ) {
            InetAddress a = e.nextElement();
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return null;
    }
}
