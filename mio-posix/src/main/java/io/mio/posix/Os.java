package io.mio.posix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The native facts of the running OS the socket layer depends on: constants from the C headers and
 * the layouts of the structs passed to the kernel, each with its field offsets derived once.
 *
 * <p>Every constant is chosen from a Linux, a macOS and a FreeBSD value side by side, so a backend
 * for another OS adds a column, not a class. The Linux values and layouts (x86-64 and aarch64 have
 * the same ones for everything here) are checked against gcc by {@code OsLayoutTest}. The BSD values
 * come from their headers and are checked when the kqueue backend runs its tests there. A value of
 * {@code -1} means the OS has no such constant (macOS has no {@code SOCK_NONBLOCK}, {@code accept4},
 * {@code pipe2} or {@code MSG_NOSIGNAL}; the socket code then sets the flags with {@code fcntl} and
 * {@code SO_NOSIGPIPE} instead, see {@code Sockets.configure}).
 */
public final class Os {
    /** The operating systems this layer knows. */
    public enum Kind {
        /** Linux (glibc or musl). */
        LINUX,
        /** macOS (Darwin). */
        MACOS,
        /** FreeBSD (also what the other BSDs are closest to). */
        FREEBSD
    }

    /** The running OS; a non-POSIX OS is reported as Linux, and the backends' availability checks say otherwise. */
    public static final Kind KIND = kind(System.getProperty("os.name", ""));
    /** Whether the running OS is Linux. */
    public static final boolean LINUX = KIND == Kind.LINUX;
    /** Whether the socket address structs start with a length byte ({@code sin_len}): the BSDs and macOS. */
    public static final boolean BSD_SOCKADDR = KIND != Kind.LINUX;

    // <sys/socket.h>: address families and socket types
    /** {@code AF_UNIX}. */
    public static final int AF_UNIX = pick(1, 1, 1);
    /** {@code AF_INET}. */
    public static final int AF_INET = pick(2, 2, 2);
    /** {@code AF_INET6}. */
    public static final int AF_INET6 = pick(10, 30, 28);
    /** {@code SOCK_STREAM}. */
    public static final int SOCK_STREAM = pick(1, 1, 1);
    /** {@code SOCK_DGRAM}. */
    public static final int SOCK_DGRAM = pick(2, 2, 2);
    /** {@code SOCK_NONBLOCK}, a flag of socket/accept4/socketpair type arguments. */
    public static final int SOCK_NONBLOCK = pick(0x800, -1, 0x20000000);
    /** {@code SOCK_CLOEXEC}. */
    public static final int SOCK_CLOEXEC = pick(0x80000, -1, 0x10000000);
    /** {@code SOL_SOCKET}: the level of the socket-wide options. */
    public static final int SOL_SOCKET = pick(1, 0xffff, 0xffff);
    /** {@code SO_REUSEADDR}. */
    public static final int SO_REUSEADDR = pick(2, 0x4, 0x4);
    /** {@code SO_TYPE}. */
    public static final int SO_TYPE = pick(3, 0x1008, 0x1008);
    /** {@code SO_ERROR}: read and clear the pending error. */
    public static final int SO_ERROR = pick(4, 0x1007, 0x1007);
    /** {@code SO_BROADCAST}. */
    public static final int SO_BROADCAST = pick(6, 0x20, 0x20);
    /** {@code SO_SNDBUF}. */
    public static final int SO_SNDBUF = pick(7, 0x1001, 0x1001);
    /** {@code SO_RCVBUF}. */
    public static final int SO_RCVBUF = pick(8, 0x1002, 0x1002);
    /** {@code SO_KEEPALIVE}. */
    public static final int SO_KEEPALIVE = pick(9, 0x8, 0x8);
    /** {@code SO_LINGER} (seconds; macOS's plain SO_LINGER counts ticks, so it uses SO_LINGER_SEC 0x1080). */
    public static final int SO_LINGER = pick(13, 0x1080, 0x80);
    /** {@code SO_REUSEPORT}. */
    public static final int SO_REUSEPORT = pick(15, 0x200, 0x200);
    /** {@code SO_NOSIGPIPE}: the BSD way to get EPIPE instead of SIGPIPE. */
    public static final int SO_NOSIGPIPE = pick(-1, 0x1022, -1);
    /** {@code MSG_PEEK}. */
    public static final int MSG_PEEK = pick(0x2, 0x2, 0x2);
    /** {@code MSG_TRUNC}. */
    public static final int MSG_TRUNC = pick(0x20, 0x10, 0x10);
    /** {@code MSG_NOSIGNAL}: a send to a closed peer fails with EPIPE rather than raising SIGPIPE. */
    public static final int MSG_NOSIGNAL = pick(0x4000, -1, 0x20000);
    /** {@code SHUT_RD}. */
    public static final int SHUT_RD = 0;
    /** {@code SHUT_WR}. */
    public static final int SHUT_WR = 1;
    /** {@code SHUT_RDWR}. */
    public static final int SHUT_RDWR = 2;

    // <netinet/in.h>, <netinet/tcp.h>
    /** {@code IPPROTO_IP}. */
    public static final int IPPROTO_IP = 0;
    /** {@code IPPROTO_TCP}. */
    public static final int IPPROTO_TCP = 6;
    /** {@code IPPROTO_UDP}. */
    public static final int IPPROTO_UDP = 17;
    /** {@code IPPROTO_IPV6}. */
    public static final int IPPROTO_IPV6 = 41;
    /** {@code TCP_NODELAY}. */
    public static final int TCP_NODELAY = 1;
    /** {@code IP_TOS}. */
    public static final int IP_TOS = pick(1, 3, 3);
    /** {@code IP_TTL}. */
    public static final int IP_TTL = pick(2, 4, 4);
    /** {@code IP_MULTICAST_IF}. */
    public static final int IP_MULTICAST_IF = pick(32, 9, 9);
    /** {@code IP_MULTICAST_TTL}. */
    public static final int IP_MULTICAST_TTL = pick(33, 10, 10);
    /** {@code IP_MULTICAST_LOOP}. */
    public static final int IP_MULTICAST_LOOP = pick(34, 11, 11);
    /** {@code IP_ADD_MEMBERSHIP}. */
    public static final int IP_ADD_MEMBERSHIP = pick(35, 12, 12);
    /** {@code IP_DROP_MEMBERSHIP}. */
    public static final int IP_DROP_MEMBERSHIP = pick(36, 13, 13);
    /** {@code IPV6_UNICAST_HOPS} (the IPv6 TTL). */
    public static final int IPV6_UNICAST_HOPS = pick(16, 4, 4);
    /** {@code IPV6_MULTICAST_IF}. */
    public static final int IPV6_MULTICAST_IF = pick(17, 9, 9);
    /** {@code IPV6_MULTICAST_HOPS}. */
    public static final int IPV6_MULTICAST_HOPS = pick(18, 10, 10);
    /** {@code IPV6_MULTICAST_LOOP}. */
    public static final int IPV6_MULTICAST_LOOP = pick(19, 11, 11);
    /** {@code IPV6_JOIN_GROUP} (Linux's IPV6_ADD_MEMBERSHIP). */
    public static final int IPV6_JOIN_GROUP = pick(20, 12, 12);
    /** {@code IPV6_LEAVE_GROUP} (Linux's IPV6_DROP_MEMBERSHIP). */
    public static final int IPV6_LEAVE_GROUP = pick(21, 13, 13);
    /** {@code IPV6_V6ONLY}. */
    public static final int IPV6_V6ONLY = pick(26, 27, 27);
    /** {@code IPV6_TCLASS} (the IPv6 IP_TOS). */
    public static final int IPV6_TCLASS = pick(67, 36, 61);

    // <fcntl.h>
    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = pick(0x800, 0x4, 0x4);
    /** {@code O_CLOEXEC}. */
    public static final int O_CLOEXEC = pick(0x80000, 0x1000000, 0x100000);
    /** {@code F_GETFD}. */
    public static final int F_GETFD = 1;
    /** {@code F_SETFD}. */
    public static final int F_SETFD = 2;
    /** {@code F_GETFL}. */
    public static final int F_GETFL = 3;
    /** {@code F_SETFL}. */
    public static final int F_SETFL = 4;
    /** {@code FD_CLOEXEC}. */
    public static final int FD_CLOEXEC = 1;

    // errno values that the hot paths test, repeated from Errno for one import
    /** {@code EAGAIN} (= {@code EWOULDBLOCK}). */
    public static final int EAGAIN = Errno.EAGAIN;
    /** {@code EINTR}. */
    public static final int EINTR = Errno.EINTR;
    /** {@code EINPROGRESS}. */
    public static final int EINPROGRESS = Errno.EINPROGRESS;

    // struct layouts

    /** {@code sa_family_t}: 16 bits on Linux, 8 bits (after {@code sa_len}) on the BSDs. */
    private static final ValueLayout FAMILY = BSD_SOCKADDR ? JAVA_BYTE : JAVA_SHORT;

    /**
     * {@code struct sockaddr_in}. Linux: {@code { sa_family_t sin_family; in_port_t sin_port;
     * struct in_addr sin_addr; unsigned char sin_zero[8]; }}; the BSDs put {@code uint8_t sin_len}
     * before an 8-bit {@code sin_family}. 16 bytes. Port and address are in network byte order.
     */
    public static final StructLayout SOCKADDR_IN = BSD_SOCKADDR
            ? MemoryLayout.structLayout(JAVA_BYTE.withName("sin_len"), FAMILY.withName("sin_family"),
                    JAVA_SHORT.withName("sin_port"), JAVA_INT.withName("sin_addr"),
                    MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"))
            : MemoryLayout.structLayout(FAMILY.withName("sin_family"),
                    JAVA_SHORT.withName("sin_port"), JAVA_INT.withName("sin_addr"),
                    MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));
    /**
     * {@code struct sockaddr_in6}: {@code { sa_family_t sin6_family; in_port_t sin6_port;
     * uint32_t sin6_flowinfo; struct in6_addr sin6_addr; uint32_t sin6_scope_id; }}, with
     * {@code sin6_len} first on the BSDs. 28 bytes.
     */
    public static final StructLayout SOCKADDR_IN6 = BSD_SOCKADDR
            ? MemoryLayout.structLayout(JAVA_BYTE.withName("sin6_len"), FAMILY.withName("sin6_family"),
                    JAVA_SHORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
                    MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
                    JAVA_INT.withName("sin6_scope_id"))
            : MemoryLayout.structLayout(FAMILY.withName("sin6_family"),
                    JAVA_SHORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
                    MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
                    JAVA_INT.withName("sin6_scope_id"));
    /**
     * {@code struct sockaddr_un}: {@code { sa_family_t sun_family; char sun_path[108]; }} on Linux
     * (110 bytes); {@code { uint8_t sun_len; sa_family_t sun_family; char sun_path[104]; }} on the
     * BSDs (106 bytes).
     */
    public static final StructLayout SOCKADDR_UN = BSD_SOCKADDR
            ? MemoryLayout.structLayout(JAVA_BYTE.withName("sun_len"), FAMILY.withName("sun_family"),
                    MemoryLayout.sequenceLayout(104, JAVA_BYTE).withName("sun_path"))
            : MemoryLayout.structLayout(FAMILY.withName("sun_family"),
                    MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
    /** {@code struct sockaddr_storage}: 128 bytes, aligned to 8; large enough for any address. */
    public static final StructLayout SOCKADDR_STORAGE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_LONG).withName("__ss_storage"));
    /**
     * {@code struct ip_mreqn} (Linux, FreeBSD): {@code { struct in_addr imr_multiaddr;
     * struct in_addr imr_address; int imr_ifindex; }}, 12 bytes. macOS has only {@code ip_mreq},
     * the first two fields (8 bytes), and picks the interface by address.
     */
    public static final StructLayout IP_MREQN = MemoryLayout.structLayout(
            JAVA_INT.withName("imr_multiaddr"), JAVA_INT.withName("imr_address"), JAVA_INT.withName("imr_ifindex"));
    /** {@code struct ipv6_mreq}: {@code { struct in6_addr ipv6mr_multiaddr; unsigned int ipv6mr_interface; }}, 20 bytes. */
    public static final StructLayout IPV6_MREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("ipv6mr_multiaddr"),
            JAVA_INT.withName("ipv6mr_interface"));
    /** {@code struct linger}: {@code { int l_onoff; int l_linger; }}, 8 bytes. */
    public static final StructLayout LINGER = MemoryLayout.structLayout(
            JAVA_INT.withName("l_onoff"), JAVA_INT.withName("l_linger"));
    /** {@code struct iovec}: {@code { void *iov_base; size_t iov_len; }}, 16 bytes on LP64. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    /**
     * {@code struct msghdr}. Linux: {@code { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov;
     * size_t msg_iovlen; void *msg_control; size_t msg_controllen; int msg_flags; }}, 56 bytes; the
     * BSDs have an {@code int msg_iovlen} and a {@code socklen_t msg_controllen}, 48 bytes.
     */
    public static final StructLayout MSGHDR = BSD_SOCKADDR
            ? MemoryLayout.structLayout(ADDRESS.withName("msg_name"), JAVA_INT.withName("msg_namelen"),
                    MemoryLayout.paddingLayout(4), ADDRESS.withName("msg_iov"), JAVA_INT.withName("msg_iovlen"),
                    MemoryLayout.paddingLayout(4), ADDRESS.withName("msg_control"),
                    JAVA_INT.withName("msg_controllen"), JAVA_INT.withName("msg_flags"))
            : MemoryLayout.structLayout(ADDRESS.withName("msg_name"), JAVA_INT.withName("msg_namelen"),
                    MemoryLayout.paddingLayout(4), ADDRESS.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"),
                    ADDRESS.withName("msg_control"), JAVA_LONG.withName("msg_controllen"),
                    JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    /** Offset of {@code msg_iov}. */
    public static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    /** Offset of {@code msg_iovlen} (a size_t on Linux, an int on the BSDs). */
    public static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");

    /** {@code sizeof(sun_path)}: 108 on Linux, 104 on the BSDs. */
    public static final int SUN_PATH_SIZE = BSD_SOCKADDR ? 104 : 108;

    /** Offset of {@code sin_family} (and of every sockaddr's family field). */
    public static final long SA_FAMILY = BSD_SOCKADDR ? 1 : 0;
    /** Offset of {@code sin_port}. */
    public static final long SIN_PORT = offset(SOCKADDR_IN, "sin_port");
    /** Offset of {@code sin_addr}. */
    public static final long SIN_ADDR = offset(SOCKADDR_IN, "sin_addr");
    /** Offset of {@code sin6_port}. */
    public static final long SIN6_PORT = offset(SOCKADDR_IN6, "sin6_port");
    /** Offset of {@code sin6_flowinfo}. */
    public static final long SIN6_FLOWINFO = offset(SOCKADDR_IN6, "sin6_flowinfo");
    /** Offset of {@code sin6_addr}. */
    public static final long SIN6_ADDR = offset(SOCKADDR_IN6, "sin6_addr");
    /** Offset of {@code sin6_scope_id}. */
    public static final long SIN6_SCOPE_ID = offset(SOCKADDR_IN6, "sin6_scope_id");
    /** Offset of {@code sun_path}. */
    public static final long SUN_PATH = offset(SOCKADDR_UN, "sun_path");
    /** Offset of {@code imr_address}. */
    public static final long IMR_ADDRESS = offset(IP_MREQN, "imr_address");
    /** Offset of {@code imr_ifindex}. */
    public static final long IMR_IFINDEX = offset(IP_MREQN, "imr_ifindex");
    /** Offset of {@code ipv6mr_interface}. */
    public static final long IPV6MR_INTERFACE = offset(IPV6_MREQ, "ipv6mr_interface");
    /** Offset of {@code l_linger}. */
    public static final long L_LINGER = offset(LINGER, "l_linger");
    /** Offset of {@code iov_len}. */
    public static final long IOV_LEN = offset(IOVEC, "iov_len");

    private Os() {
    }

    private static Kind kind(String name) {
        String os = name.toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return Kind.MACOS;
        }
        if (os.contains("bsd")) {
            return Kind.FREEBSD;
        }
        return Kind.LINUX;
    }

    private static int pick(int linux, int macos, int freebsd) {
        return switch (KIND) {
            case LINUX -> linux;
            case MACOS -> macos;
            case FREEBSD -> freebsd;
        };
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }
}
