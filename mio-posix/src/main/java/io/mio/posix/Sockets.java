package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Enumeration;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The socket calls shared by the socket types: creating, binding, options, addresses, shutdown and
 * the pending error. Every method that takes a {@link NativeFd} acquires and releases it itself.
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
        int fd = listener.acquire();
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
        int fd = nfd.acquire();
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
        int fd = nfd.acquire();
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

    /** @return the pending error (SO_ERROR), cleared by reading it; 0 if none */
    static int takeErrno(NativeFd nfd) throws IOException {
        return getInt(nfd, Os.SOL_SOCKET, Os.SO_ERROR, "SO_ERROR");
    }

    static int getInt(NativeFd nfd, int level, int option, String what) throws IOException {
        int fd = nfd.acquire();
        try {
            Scratch s = Scratch.get();
            s.value().set(JAVA_INT, 0, 0);
            s.length().set(JAVA_INT, 0, 4);
            int r = (int) Libc.getsockopt.invokeExact(s.callState, fd, level, option, s.value(), s.length());
            if (r < 0) {
                throw Errno.exception("getsockopt(" + what + ")", Downcalls.errno(s.callState));
            }
            // a BSD u_char option (IP_MULTICAST_LOOP/TTL) writes one byte and sets the length to 1
            return s.length().get(JAVA_INT, 0) == 1 ? s.value().get(JAVA_BYTE, 0) & 0xff : s.value().get(JAVA_INT, 0);
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
        int fd = nfd.acquire();
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

    /** @return {@code 127.0.0.1:8080} or {@code [::1]:8080}, for messages */
    static String text(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    // options: one mapping for every socket type; each type lists the ones it supports

    /**
     * An option held in an int: its level, name and text for IPv4 and Unix sockets and for IPv6
     * sockets (the same except for the IP-level options, which have IPv6 variants), and what it
     * accepts: a boolean (0 or 1) or an int in {@code min..max}.
     */
    private record IntOption(int level, int option, String text, int v6Level, int v6Option, String v6Text,
                             boolean bool, int min, int max) {
        static IntOption flag(int level, int option, String text) {
            return new IntOption(level, option, text, level, option, text, true, 0, 1);
        }

        static IntOption number(int level, int option, String text, int min, int max) {
            return new IntOption(level, option, text, level, option, text, false, min, max);
        }

        /** @return this option with its IPv6 variant */
        IntOption v6(int level, int option, String text) {
            return new IntOption(this.level, this.option, this.text, level, option, text, bool, min, max);
        }

        /** @return the value as the kernel's int, checked */
        int toInt(SocketOption<?> name, Object value) {
            if (bool) {
                return (Boolean) value ? 1 : 0;
            }
            int v = (Integer) value;
            if (v < min || v > max) {
                throw new IllegalArgumentException(max == Integer.MAX_VALUE
                        ? name + " must be positive, was " + v
                        : name + " must be in " + min + ".." + max + ", was " + v);
            }
            return v;
        }
    }

    /** Every int option; SO_LINGER and IP_MULTICAST_IF, which take structs, are handled apart. */
    private static final Map<SocketOption<?>, IntOption> INT_OPTIONS = Map.ofEntries(
            Map.entry(StandardSocketOptions.SO_RCVBUF,
                    IntOption.number(Os.SOL_SOCKET, Os.SO_RCVBUF, "SO_RCVBUF", 1, Integer.MAX_VALUE)),
            Map.entry(StandardSocketOptions.SO_SNDBUF,
                    IntOption.number(Os.SOL_SOCKET, Os.SO_SNDBUF, "SO_SNDBUF", 1, Integer.MAX_VALUE)),
            Map.entry(StandardSocketOptions.SO_KEEPALIVE, IntOption.flag(Os.SOL_SOCKET, Os.SO_KEEPALIVE, "SO_KEEPALIVE")),
            Map.entry(StandardSocketOptions.SO_REUSEADDR, IntOption.flag(Os.SOL_SOCKET, Os.SO_REUSEADDR, "SO_REUSEADDR")),
            Map.entry(StandardSocketOptions.SO_REUSEPORT, IntOption.flag(Os.SOL_SOCKET, Os.SO_REUSEPORT, "SO_REUSEPORT")),
            Map.entry(StandardSocketOptions.SO_BROADCAST, IntOption.flag(Os.SOL_SOCKET, Os.SO_BROADCAST, "SO_BROADCAST")),
            Map.entry(StandardSocketOptions.TCP_NODELAY, IntOption.flag(Os.IPPROTO_TCP, Os.TCP_NODELAY, "TCP_NODELAY")),
            Map.entry(StandardSocketOptions.IP_TOS, IntOption.number(Os.IPPROTO_IP, Os.IP_TOS, "IP_TOS", 0, 255)
                    .v6(Os.IPPROTO_IPV6, Os.IPV6_TCLASS, "IPV6_TCLASS")),
            Map.entry(MioSocketOptions.IP_TTL, IntOption.number(Os.IPPROTO_IP, Os.IP_TTL, "IP_TTL", 1, 255)
                    .v6(Os.IPPROTO_IPV6, Os.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS")),
            Map.entry(MioSocketOptions.IPV6_V6ONLY, IntOption.flag(Os.IPPROTO_IPV6, Os.IPV6_V6ONLY, "IPV6_V6ONLY")),
            Map.entry(StandardSocketOptions.IP_MULTICAST_LOOP,
                    IntOption.flag(Os.IPPROTO_IP, Os.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP")
                            .v6(Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP")),
            Map.entry(StandardSocketOptions.IP_MULTICAST_TTL,
                    IntOption.number(Os.IPPROTO_IP, Os.IP_MULTICAST_TTL, "IP_MULTICAST_TTL", 0, 255)
                            .v6(Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS")));

    /**
     * Sets an option; IPv6 sockets get the IPv6 variant of the IP-level ones.
     *
     * @param family the socket's address family
     */
    static void setOption(NativeFd nfd, int family, SocketOption<?> name, Object value) throws IOException {
        boolean v6 = family == Os.AF_INET6;
        IntOption o = INT_OPTIONS.get(name);
        if (o != null) {
            setInt(nfd, v6 ? o.v6Level : o.level, v6 ? o.v6Option : o.option, o.toInt(name, value),
                    v6 ? o.v6Text : o.text);
        } else if (name == StandardSocketOptions.SO_LINGER) {
            // as the JDK: a negative value turns lingering off; the kernel's field is an int of seconds
            int seconds = (Integer) value;
            Scratch s = Scratch.get();
            s.value().set(JAVA_INT, 0, seconds < 0 ? 0 : 1);
            s.value().set(JAVA_INT, Os.L_LINGER, seconds < 0 ? 0 : Math.min(seconds, 65535));
            setRaw(nfd, Os.SOL_SOCKET, Os.SO_LINGER, s.value(), (int) Os.LINGER.byteSize(), "SO_LINGER");
        } else if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            NetworkInterface nif = (NetworkInterface) value;
            int index = Math.max(nif.getIndex(), 0);
            if (v6) {
                setInt(nfd, Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_IF, index, "IPV6_MULTICAST_IF");
            } else {
                // ip_mreqn with the interface's address and index, so that reading the option back
                // (which returns the address) names the interface
                Scratch s = Scratch.get();
                s.value().asSlice(0, Os.IP_MREQN.byteSize()).fill((byte) 0);
                s.value().set(JAVA_INT, Os.IMR_ADDRESS, ipv4Raw(firstIpv4(nif)));
                s.value().set(JAVA_INT, Os.IMR_IFINDEX, index);
                setRaw(nfd, Os.IPPROTO_IP, Os.IP_MULTICAST_IF, s.value(), (int) Os.IP_MREQN.byteSize(), "IP_MULTICAST_IF");
            }
        } else {
            throw new UnsupportedOperationException("socket option " + name);
        }
    }

    /**
     * Reads an option.
     *
     * @param family the socket's address family
     */
    static Object getOption(NativeFd nfd, int family, SocketOption<?> name) throws IOException {
        boolean v6 = family == Os.AF_INET6;
        IntOption o = INT_OPTIONS.get(name);
        if (o != null) {
            int v = getInt(nfd, v6 ? o.v6Level : o.level, v6 ? o.v6Option : o.option, v6 ? o.v6Text : o.text);
            return o.bool ? Boolean.valueOf(v != 0) : Integer.valueOf(v);
        } else if (name == StandardSocketOptions.SO_LINGER) {
            return getLinger(nfd);
        } else if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            if (v6) {
                int index = getInt(nfd, Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF");
                return index == 0 ? null : NetworkInterface.getByIndex(index);
            }
            int raw = getInt(nfd, Os.IPPROTO_IP, Os.IP_MULTICAST_IF, "IP_MULTICAST_IF"); // an in_addr
            if (raw == 0) {
                return null;
            }
            byte[] bytes = new byte[4];
            MemorySegment.ofArray(bytes).set(JAVA_INT_UNALIGNED, 0, raw); // same byte order as it came
            return NetworkInterface.getByInetAddress(InetAddress.getByAddress(bytes));
        }
        throw new UnsupportedOperationException("socket option " + name);
    }

    private static int getLinger(NativeFd nfd) throws IOException {
        int fd = nfd.acquire();
        try {
            Scratch s = Scratch.get();
            s.length().set(JAVA_INT, 0, (int) Os.LINGER.byteSize());
            int r = (int) Libc.getsockopt.invokeExact(s.callState, fd, Os.SOL_SOCKET, Os.SO_LINGER, s.value(), s.length());
            if (r < 0) {
                throw Errno.exception("getsockopt(SO_LINGER)", Downcalls.errno(s.callState));
            }
            return s.value().get(JAVA_INT, 0) == 0 ? -1 : s.value().get(JAVA_INT, Os.L_LINGER);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        } finally {
            nfd.release();
        }
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
    private static int ipv4Raw(InetAddress address) {
        if (address == null) {
            return 0;
        }
        return MemorySegment.ofArray(address.getAddress()).get(JAVA_INT_UNALIGNED, 0);
    }

    private static InetAddress firstIpv4(NetworkInterface nif) {
        for (Enumeration<InetAddress> e = nif.getInetAddresses(); e.hasMoreElements(); ) {
            InetAddress a = e.nextElement();
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return null;
    }
}
