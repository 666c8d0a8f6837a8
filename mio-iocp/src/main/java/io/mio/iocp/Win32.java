package io.mio.iocp;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The 64-bit Windows facts the AFD/IOCP driver relies on: constants of ntdll, kernel32 and ws2_32,
 * the AFD poll interface as Rust mio declares it ({@code src/sys/windows/afd.rs}), and the layouts
 * of the structures the driver hands to those calls (x64 and arm64 Windows are LLP64: {@code long}
 * and {@code ULONG} are 4 bytes, pointers and {@code ULONG_PTR} 8).
 *
 * <p>This class is the single source of truth for those numbers. {@code Win32LayoutTest} renders
 * every {@code static final int} and every {@link StructLayout} here (each named member's offset,
 * each struct's size) into {@code src/test/c/win32_facts.h}, and {@code src/test/c/win32_layout.c}
 * turns each line of that header into a static assertion, compiled by the build with the mingw-w64
 * cross compiler against the real Windows SDK headers (and with gcc against the Linux shim's
 * header). So a name here is the C name, a struct layout's name the C type's, and every member
 * name the C member's.
 *
 * <p>No SDK header declares AFD's structures:
 * <pre>{@code
 * typedef struct _AFD_POLL_HANDLE_INFO {
 *     HANDLE Handle;
 *     ULONG Events;
 *     NTSTATUS Status;
 * } AFD_POLL_HANDLE_INFO;
 *
 * typedef struct _AFD_POLL_INFO {
 *     LARGE_INTEGER Timeout;
 *     ULONG NumberOfHandles;    // mio: always 1
 *     ULONG Exclusive;
 *     AFD_POLL_HANDLE_INFO Handles[1];
 * } AFD_POLL_INFO;
 * }</pre>
 */
final class Win32 {
    // ---- AFD: the poll ioctl and its events (afd.rs) ----

    /** {@code NtDeviceIoControlFile} code of the AFD poll. */
    static final int IOCTL_AFD_POLL = 0x0001_2024;
    /** Bytes to read (or a datagram). */
    static final int AFD_POLL_RECEIVE = 0x0001;
    /** Out-of-band data to read. */
    static final int AFD_POLL_RECEIVE_EXPEDITED = 0x0002;
    /** Room to write; on a connecting socket: connected. */
    static final int AFD_POLL_SEND = 0x0004;
    /** The peer shut down its output. */
    static final int AFD_POLL_DISCONNECT = 0x0008;
    /** The connection was reset. */
    static final int AFD_POLL_ABORT = 0x0010;
    /** The polled socket was closed by this process. */
    static final int AFD_POLL_LOCAL_CLOSE = 0x0020;
    /** Connected; reported on every later poll too, so mio never asks for it. */
    static final int AFD_POLL_CONNECT = 0x0040;
    /** A connection to accept. */
    static final int AFD_POLL_ACCEPT = 0x0080;
    /** The connect failed (refused, unreachable, timed out). */
    static final int AFD_POLL_CONNECT_FAIL = 0x0100;

    // ---- ntdll: status values, the AFD device's opening ----

    /** {@code NTSTATUS}: done. */
    static final int STATUS_SUCCESS = 0x0000_0000;
    /** {@code NTSTATUS}: in progress; the completion comes as a packet on the port. */
    static final int STATUS_PENDING = 0x0000_0103;
    /** {@code NTSTATUS}: the I/O was cancelled (its events are the request's, not a result). */
    static final int STATUS_CANCELLED = 0xC000_0120;
    /** {@code NTSTATUS}: {@code NtCancelIoFileEx} found nothing pending (already completed). */
    static final int STATUS_NOT_FOUND = 0xC000_0225;
    /** {@code NTSTATUS} of a poll handle's {@code Status} beside {@link #AFD_POLL_CONNECT_FAIL}: refused. */
    static final int STATUS_CONNECTION_REFUSED = 0xC000_0236;
    /** {@code ACCESS_MASK} mio opens {@code \Device\Afd\Mio} with. */
    static final int SYNCHRONIZE = 0x0010_0000;
    /** Share mode: others may read. */
    static final int FILE_SHARE_READ = 0x1;
    /** Share mode: others may write. */
    static final int FILE_SHARE_WRITE = 0x2;
    /** {@code NtCreateFile} disposition: open an existing object. */
    static final int FILE_OPEN = 1;

    // ---- kernel32: completion ports ----

    /** {@code SetFileCompletionNotificationModes}: no packet when a call succeeds at once. */
    static final int FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
    /** {@code SetFileCompletionNotificationModes}: do not signal the handle on completion (mio sets it). */
    static final int FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;
    /** {@code GetLastError} after a wait that timed out. */
    static final int WAIT_TIMEOUT = 258;
    /** {@code GetLastError} after a wait whose port was closed. */
    static final int ERROR_ABANDONED_WAIT_0 = 735;
    /** A wait without limit. */
    static final int INFINITE = 0xFFFF_FFFF;

    // ---- ws2_32: Winsock ----

    /** {@code WSAIoctl}: the base service provider's socket, which AFD polls (0x48000022). */
    static final int SIO_BASE_HANDLE = 0x4800_0022;
    /** {@code WSAIoctl}: mio's fallback when a layered provider hides {@link #SIO_BASE_HANDLE}. */
    static final int SIO_BSP_HANDLE_POLL = 0x4800_001D;
    /** {@code WSAIoctl}: the next fallback. */
    static final int SIO_BSP_HANDLE_SELECT = 0x4800_001C;
    /** {@code ioctlsocket}: set non-blocking mode. */
    static final int FIONBIO = 0x8004_667E;
    /** {@code ioctlsocket}: bytes readable now. */
    static final int FIONREAD = 0x4004_667F;
    /** IPv4. */
    static final int AF_INET = 2;
    /** IPv6: 23 on Windows (10 on Linux). */
    static final int AF_INET6 = 23;
    /** Unix-domain sockets (stream only, Windows 10 1803 and later). */
    static final int AF_UNIX = 1;
    /** Stream socket. */
    static final int SOCK_STREAM = 1;
    /** Datagram socket. */
    static final int SOCK_DGRAM = 2;
    /** Option level of the socket itself: 0xffff on Windows (1 on Linux). */
    static final int SOL_SOCKET = 0xFFFF;
    /** {@code SOL_SOCKET} option: the pending error, read once. */
    static final int SO_ERROR = 0x1007;
    /** {@code SOL_SOCKET} option: reuse a local address. */
    static final int SO_REUSEADDR = 0x0004;
    /** {@code SOL_SOCKET} option: {@link #LINGER} on close. */
    static final int SO_LINGER = 0x0080;
    /** {@code SOL_SOCKET} option: keep-alive probes. */
    static final int SO_KEEPALIVE = 0x0008;
    /** {@code SOL_SOCKET} option: datagrams to broadcast addresses. */
    static final int SO_BROADCAST = 0x0020;
    /** {@code SOL_SOCKET} option: send buffer size. */
    static final int SO_SNDBUF = 0x1001;
    /** {@code SOL_SOCKET} option: receive buffer size. */
    static final int SO_RCVBUF = 0x1002;
    /** Option level of IPv4. */
    static final int IPPROTO_IP = 0;
    /** Option level of TCP. */
    static final int IPPROTO_TCP = 6;
    /** Option level of IPv6. */
    static final int IPPROTO_IPV6 = 41;
    /** {@code IPPROTO_TCP} option: no Nagle delay. */
    static final int TCP_NODELAY = 0x0001;
    /** {@code IPPROTO_IP} option: the time to live of unicast packets. */
    static final int IP_TTL = 4;
    /** {@code IPPROTO_IPV6} option: IPv6 only, no mapped IPv4. */
    static final int IPV6_V6ONLY = 27;
    /** {@code recv} flag: leave the data queued. */
    static final int MSG_PEEK = 0x2;
    /** {@code shutdown}: stop receiving. */
    static final int SD_RECEIVE = 0;
    /** {@code shutdown}: stop sending. */
    static final int SD_SEND = 1;
    /** {@code shutdown}: both directions. */
    static final int SD_BOTH = 2;
    /** {@code WSAGetLastError}: a bad handle (the socket was closed). */
    static final int WSAEBADF = 10009;
    /** {@code WSAGetLastError}: permission denied. */
    static final int WSAEACCES = 10013;
    /** {@code WSAGetLastError}: an invalid argument. */
    static final int WSAEINVAL = 10022;
    /** {@code WSAGetLastError}: the operation would block. */
    static final int WSAEWOULDBLOCK = 10035;
    /** {@code WSAGetLastError}: a send without a destination on an unconnected datagram socket. */
    static final int WSAEDESTADDRREQ = 10039;
    /** {@code WSAGetLastError}: a datagram longer than the buffer (which holds its start). */
    static final int WSAEMSGSIZE = 10040;
    /** {@code WSAGetLastError}: a connect already in progress. */
    static final int WSAEALREADY = 10037;
    /** {@code WSAGetLastError}: not a socket. */
    static final int WSAENOTSOCK = 10038;
    /** {@code WSAGetLastError}: address in use. */
    static final int WSAEADDRINUSE = 10048;
    /** {@code WSAGetLastError}: the address is not one of this host's. */
    static final int WSAEADDRNOTAVAIL = 10049;
    /** {@code WSAGetLastError}: no route to the network. */
    static final int WSAENETUNREACH = 10051;
    /** {@code WSAGetLastError}: the connection was aborted locally. */
    static final int WSAECONNABORTED = 10053;
    /** {@code WSAGetLastError}: the connection was reset by the peer. */
    static final int WSAECONNRESET = 10054;
    /** {@code WSAGetLastError}: already connected. */
    static final int WSAEISCONN = 10056;
    /** {@code WSAGetLastError}: not connected. */
    static final int WSAENOTCONN = 10057;
    /** {@code WSAGetLastError}: that direction was shut down. */
    static final int WSAESHUTDOWN = 10058;
    /** {@code WSAGetLastError}: the connection timed out. */
    static final int WSAETIMEDOUT = 10060;
    /** {@code WSAGetLastError}: connection refused. */
    static final int WSAECONNREFUSED = 10061;
    /** {@code WSAGetLastError}: no route to the host. */
    static final int WSAEHOSTUNREACH = 10065;

    // ---- layouts ----

    /** {@code IO_STATUS_BLOCK}: {@code Status} shares 8 bytes with a pointer; {@code Information}. */
    static final StructLayout IO_STATUS_BLOCK = MemoryLayout.structLayout(
            JAVA_INT.withName("Status"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("Information")).withName("IO_STATUS_BLOCK");

    /** {@code AFD_POLL_HANDLE_INFO}: the polled (base) socket, the events asked and reported. */
    static final StructLayout AFD_POLL_HANDLE_INFO = MemoryLayout.structLayout(
            ADDRESS.withName("Handle"),
            JAVA_INT.withName("Events"),
            JAVA_INT.withName("Status")).withName("AFD_POLL_HANDLE_INFO");

    /** {@code AFD_POLL_INFO} with one handle, the ioctl's input and output buffer. */
    static final StructLayout AFD_POLL_INFO = MemoryLayout.structLayout(
            JAVA_LONG.withName("Timeout"),
            JAVA_INT.withName("NumberOfHandles"),
            JAVA_INT.withName("Exclusive"),
            AFD_POLL_HANDLE_INFO.withName("Handles")).withName("AFD_POLL_INFO");

    /** {@code OVERLAPPED}: {@code Offset}/{@code OffsetHigh} share 8 bytes with {@code Pointer}. */
    static final StructLayout OVERLAPPED = MemoryLayout.structLayout(
            JAVA_LONG.withName("Internal"),
            JAVA_LONG.withName("InternalHigh"),
            JAVA_INT.withName("Offset"),
            JAVA_INT.withName("OffsetHigh"),
            ADDRESS.withName("hEvent")).withName("OVERLAPPED");

    /** {@code OVERLAPPED_ENTRY}: one packet taken by {@code GetQueuedCompletionStatusEx}. */
    static final StructLayout OVERLAPPED_ENTRY = MemoryLayout.structLayout(
            JAVA_LONG.withName("lpCompletionKey"),
            ADDRESS.withName("lpOverlapped"),
            JAVA_LONG.withName("Internal"),
            JAVA_INT.withName("dwNumberOfBytesTransferred"),
            MemoryLayout.paddingLayout(4)).withName("OVERLAPPED_ENTRY");

    /** {@code UNICODE_STRING}: lengths in bytes, UTF-16 without a terminator. */
    static final StructLayout UNICODE_STRING = MemoryLayout.structLayout(
            JAVA_SHORT.withName("Length"),
            JAVA_SHORT.withName("MaximumLength"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("Buffer")).withName("UNICODE_STRING");

    /** {@code OBJECT_ATTRIBUTES}: names {@code \Device\Afd\Mio} for {@code NtCreateFile}. */
    static final StructLayout OBJECT_ATTRIBUTES = MemoryLayout.structLayout(
            JAVA_INT.withName("Length"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("RootDirectory"),
            ADDRESS.withName("ObjectName"),
            JAVA_INT.withName("Attributes"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("SecurityDescriptor"),
            ADDRESS.withName("SecurityQualityOfService")).withName("OBJECT_ATTRIBUTES");

    /** {@code WSABUF}: one buffer of {@code WSASend}/{@code WSARecv}; {@code len} is a {@code ULONG}. */
    static final StructLayout WSABUF = MemoryLayout.structLayout(
            JAVA_INT.withName("len"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("buf")).withName("WSABUF");

    /** {@code SOCKADDR_IN}: port and address in network byte order. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("SOCKADDR_IN");

    /** {@code SOCKADDR_IN6}, 28 bytes as on Linux. */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("SOCKADDR_IN6");

    /** {@code SOCKADDR_UN} ({@code afunix.h}): a path of at most 108 bytes; no abstract names on Windows. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")).withName("SOCKADDR_UN");

    /** {@code LINGER}: two {@code u_short}s on Windows (two {@code int}s on Linux). */
    static final StructLayout LINGER = MemoryLayout.structLayout(
            JAVA_SHORT.withName("l_onoff"),
            JAVA_SHORT.withName("l_linger")).withName("LINGER");

    private Win32() {
    }
}
