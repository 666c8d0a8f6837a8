package io.mio.posix;

import io.mio.posix.cfacts.CFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks the constants, errno numbers and struct layouts of {@link Os} and {@link Errno} against
 * what gcc reports from the system headers ({@link CFacts}).
 */
class OsLayoutTest {
    private static Map<String, Long> fromC;

    /** The Java side: C expression -> the value this layer uses. */
    private static Map<String, Long> expected() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("AF_UNIX", (long) Os.AF_UNIX);
        m.put("AF_INET", (long) Os.AF_INET);
        m.put("AF_INET6", (long) Os.AF_INET6);
        m.put("SOCK_STREAM", (long) Os.SOCK_STREAM);
        m.put("SOCK_DGRAM", (long) Os.SOCK_DGRAM);
        m.put("SOCK_NONBLOCK", (long) Os.SOCK_NONBLOCK);
        m.put("SOCK_CLOEXEC", (long) Os.SOCK_CLOEXEC);
        m.put("SOL_SOCKET", (long) Os.SOL_SOCKET);
        m.put("SO_REUSEADDR", (long) Os.SO_REUSEADDR);
        m.put("SO_TYPE", (long) Os.SO_TYPE);
        m.put("SO_ERROR", (long) Os.SO_ERROR);
        m.put("SO_BROADCAST", (long) Os.SO_BROADCAST);
        m.put("SO_SNDBUF", (long) Os.SO_SNDBUF);
        m.put("SO_RCVBUF", (long) Os.SO_RCVBUF);
        m.put("SO_KEEPALIVE", (long) Os.SO_KEEPALIVE);
        m.put("SO_LINGER", (long) Os.SO_LINGER);
        m.put("SO_REUSEPORT", (long) Os.SO_REUSEPORT);
        m.put("MSG_PEEK", (long) Os.MSG_PEEK);
        m.put("MSG_TRUNC", (long) Os.MSG_TRUNC);
        m.put("MSG_NOSIGNAL", (long) Os.MSG_NOSIGNAL);
        m.put("SHUT_RD", (long) Os.SHUT_RD);
        m.put("SHUT_WR", (long) Os.SHUT_WR);
        m.put("SHUT_RDWR", (long) Os.SHUT_RDWR);
        m.put("IPPROTO_IP", (long) Os.IPPROTO_IP);
        m.put("IPPROTO_TCP", (long) Os.IPPROTO_TCP);
        m.put("IPPROTO_UDP", (long) Os.IPPROTO_UDP);
        m.put("IPPROTO_IPV6", (long) Os.IPPROTO_IPV6);
        m.put("TCP_NODELAY", (long) Os.TCP_NODELAY);
        m.put("IP_TOS", (long) Os.IP_TOS);
        m.put("IP_TTL", (long) Os.IP_TTL);
        m.put("IP_MULTICAST_IF", (long) Os.IP_MULTICAST_IF);
        m.put("IP_MULTICAST_TTL", (long) Os.IP_MULTICAST_TTL);
        m.put("IP_MULTICAST_LOOP", (long) Os.IP_MULTICAST_LOOP);
        m.put("IP_ADD_MEMBERSHIP", (long) Os.IP_ADD_MEMBERSHIP);
        m.put("IP_DROP_MEMBERSHIP", (long) Os.IP_DROP_MEMBERSHIP);
        m.put("IPV6_UNICAST_HOPS", (long) Os.IPV6_UNICAST_HOPS);
        m.put("IPV6_MULTICAST_IF", (long) Os.IPV6_MULTICAST_IF);
        m.put("IPV6_MULTICAST_HOPS", (long) Os.IPV6_MULTICAST_HOPS);
        m.put("IPV6_MULTICAST_LOOP", (long) Os.IPV6_MULTICAST_LOOP);
        m.put("IPV6_JOIN_GROUP", (long) Os.IPV6_JOIN_GROUP);
        m.put("IPV6_LEAVE_GROUP", (long) Os.IPV6_LEAVE_GROUP);
        m.put("IPV6_V6ONLY", (long) Os.IPV6_V6ONLY);
        m.put("IPV6_TCLASS", (long) Os.IPV6_TCLASS);
        m.put("O_NONBLOCK", (long) Os.O_NONBLOCK);
        m.put("O_CLOEXEC", (long) Os.O_CLOEXEC);
        m.put("F_GETFD", (long) Os.F_GETFD);
        m.put("F_SETFD", (long) Os.F_SETFD);
        m.put("F_GETFL", (long) Os.F_GETFL);
        m.put("F_SETFL", (long) Os.F_SETFL);
        m.put("FD_CLOEXEC", (long) Os.FD_CLOEXEC);
        m.put("EWOULDBLOCK", (long) Errno.EWOULDBLOCK);

        m.put("sizeof(struct sockaddr_in)", Os.SOCKADDR_IN.byteSize());
        m.put("offsetof(struct sockaddr_in, sin_family)", Os.SA_FAMILY);
        m.put("offsetof(struct sockaddr_in, sin_port)", Os.SIN_PORT);
        m.put("offsetof(struct sockaddr_in, sin_addr)", Os.SIN_ADDR);
        m.put("sizeof(struct sockaddr_in6)", Os.SOCKADDR_IN6.byteSize());
        m.put("offsetof(struct sockaddr_in6, sin6_family)", Os.SA_FAMILY);
        m.put("offsetof(struct sockaddr_in6, sin6_port)", Os.SIN6_PORT);
        m.put("offsetof(struct sockaddr_in6, sin6_flowinfo)", Os.SIN6_FLOWINFO);
        m.put("offsetof(struct sockaddr_in6, sin6_addr)", Os.SIN6_ADDR);
        m.put("offsetof(struct sockaddr_in6, sin6_scope_id)", Os.SIN6_SCOPE_ID);
        m.put("sizeof(struct sockaddr_un)", Os.SOCKADDR_UN.byteSize());
        m.put("offsetof(struct sockaddr_un, sun_family)", Os.SA_FAMILY);
        m.put("offsetof(struct sockaddr_un, sun_path)", Os.SUN_PATH);
        m.put("sizeof(((struct sockaddr_un *) 0)->sun_path)", (long) Os.SUN_PATH_SIZE);
        m.put("sizeof(struct sockaddr_storage)", Os.SOCKADDR_STORAGE.byteSize());
        m.put("_Alignof(struct sockaddr_storage)", Os.SOCKADDR_STORAGE.byteAlignment());
        m.put("sizeof(struct ip_mreqn)", Os.IP_MREQN.byteSize());
        m.put("offsetof(struct ip_mreqn, imr_address)", Os.IMR_ADDRESS);
        m.put("offsetof(struct ip_mreqn, imr_ifindex)", Os.IMR_IFINDEX);
        m.put("sizeof(struct ipv6_mreq)", Os.IPV6_MREQ.byteSize());
        m.put("offsetof(struct ipv6_mreq, ipv6mr_interface)", Os.IPV6MR_INTERFACE);
        m.put("sizeof(struct linger)", Os.LINGER.byteSize());
        m.put("offsetof(struct linger, l_linger)", Os.L_LINGER);
        m.put("sizeof(struct iovec)", Os.IOVEC.byteSize());
        m.put("offsetof(struct iovec, iov_len)", Os.IOV_LEN);
        m.put("sizeof(struct msghdr)", Os.MSGHDR.byteSize());
        m.put("offsetof(struct msghdr, msg_iov)", Os.MSG_IOV);
        m.put("offsetof(struct msghdr, msg_iovlen)", Os.MSG_IOVLEN);
        m.put("offsetof(struct msghdr, msg_control)", Os.MSGHDR.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("msg_control")));
        m.put("offsetof(struct msghdr, msg_flags)", Os.MSGHDR.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("msg_flags")));
        m.put("sizeof(socklen_t)", 4L);
        m.put("sizeof(size_t)", 8L);
        for (Object[] row : Errno.table()) {
            m.put((String) row[0], (long) (Integer) row[1]);
        }
        return m;
    }

    @BeforeAll
    static void compileAndRun() throws Exception {
        fromC = CFacts.of("""
                #define _GNU_SOURCE
                #include <errno.h>
                #include <fcntl.h>
                #include <sys/socket.h>
                #include <sys/uio.h>
                #include <sys/un.h>
                #include <netinet/in.h>
                #include <netinet/tcp.h>
                """, expected().keySet());
    }

    @Test
    void everyConstantMatchesTheCHeaders() {
        assertEquals("", CFacts.mismatches(expected(), fromC), "values that differ from gcc's");
    }

    @Test
    void errnoNamesAndTextsFollowTheTable() {
        assertEquals("EADDRINUSE", Errno.name(Errno.EADDRINUSE));
        assertEquals("EAGAIN", Errno.name(Errno.EAGAIN));
        assertEquals("Connection refused", Errno.text(Errno.ECONNREFUSED));
        assertEquals("errno 4000", Errno.name(4000));
        assertEquals("Unknown error -1", Errno.text(-1));
    }
}
