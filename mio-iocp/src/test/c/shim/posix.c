/*
 * The Linux half of the Win32 shim: POSIX sockets, poll and epoll with neutral types. The socket
 * calls go through syscall(2), not the C library's functions: the shim exports functions named
 * socket, bind, connect... with Winsock's signatures, and in a program linked against the shim
 * the C library's names would resolve to those.
 */
#define _GNU_SOURCE
#include "posix.h"

#define MIO_WIN32SHIM_ERRORS_ONLY
#include "win32shim.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

_Static_assert(LX_AF_UNIX == AF_UNIX && LX_AF_INET == AF_INET && LX_AF_INET6 == AF_INET6, "address families");
_Static_assert(LX_SOCK_STREAM == SOCK_STREAM && LX_SOCK_DGRAM == SOCK_DGRAM, "socket types");
_Static_assert(LX_SOL_SOCKET == SOL_SOCKET && LX_SO_REUSEADDR == SO_REUSEADDR && LX_SO_TYPE == SO_TYPE
               && LX_SO_ERROR == SO_ERROR && LX_SO_BROADCAST == SO_BROADCAST && LX_SO_SNDBUF == SO_SNDBUF
               && LX_SO_RCVBUF == SO_RCVBUF && LX_SO_KEEPALIVE == SO_KEEPALIVE && LX_SO_LINGER == SO_LINGER
               && LX_SO_ACCEPTCONN == SO_ACCEPTCONN, "SOL_SOCKET options");
_Static_assert(LX_IPPROTO_IP == IPPROTO_IP && LX_IP_TTL == IP_TTL && LX_IPPROTO_TCP == IPPROTO_TCP
               && LX_TCP_NODELAY == TCP_NODELAY && LX_IPPROTO_IPV6 == IPPROTO_IPV6
               && LX_IPV6_V6ONLY == IPV6_V6ONLY, "IP options");
_Static_assert(LX_MSG_OOB == MSG_OOB && LX_MSG_PEEK == MSG_PEEK && LX_MSG_TRUNC == MSG_TRUNC, "message flags");
_Static_assert(LX_POLLIN == POLLIN && LX_POLLPRI == POLLPRI && LX_POLLOUT == POLLOUT && LX_POLLERR == POLLERR
               && LX_POLLHUP == POLLHUP && LX_POLLRDHUP == POLLRDHUP, "poll bits");
_Static_assert(LX_EINTR == EINTR && LX_EAGAIN == EAGAIN && LX_EPIPE == EPIPE && LX_ECONNRESET == ECONNRESET
               && LX_ECONNREFUSED == ECONNREFUSED && LX_EINPROGRESS == EINPROGRESS && LX_ENETUNREACH == ENETUNREACH
               && LX_ETIMEDOUT == ETIMEDOUT && LX_EHOSTUNREACH == EHOSTUNREACH, "errno values");
_Static_assert(sizeof(struct px_buffer) == sizeof(struct iovec), "struct iovec");

#define RESULT(expression) ((expression) < 0 ? -errno : 0)

int px_wsa_error(int error) {
    switch (error) {
    case EINTR: return WSAEINTR;
    case EBADF: return WSAENOTSOCK;
    case EACCES: case EPERM: return WSAEACCES;
    case EFAULT: return WSAEFAULT;
    case EMFILE: case ENFILE: return WSAEMFILE;
    /* Windows' non-blocking connect says WSAEWOULDBLOCK, not WSAEINPROGRESS */
    case EAGAIN: case EINPROGRESS: return WSAEWOULDBLOCK;
    case EALREADY: return WSAEALREADY;
    case ENOTSOCK: return WSAENOTSOCK;
    case EDESTADDRREQ: return WSAEDESTADDRREQ;
    case EMSGSIZE: return WSAEMSGSIZE;
    case EPROTOTYPE: return WSAEPROTOTYPE;
    case ENOPROTOOPT: return WSAENOPROTOOPT;
    case EPROTONOSUPPORT: return WSAEPROTONOSUPPORT;
    case ESOCKTNOSUPPORT: return WSAESOCKTNOSUPPORT;
    case EOPNOTSUPP: return WSAEOPNOTSUPP;
    case EAFNOSUPPORT: return WSAEAFNOSUPPORT;
    case EADDRINUSE: return WSAEADDRINUSE;
    case EADDRNOTAVAIL: return WSAEADDRNOTAVAIL;
    case ENETDOWN: return WSAENETDOWN;
    case ENETUNREACH: return WSAENETUNREACH;
    case ECONNABORTED: return WSAECONNABORTED;
    case ECONNRESET: case EPIPE: return WSAECONNRESET;
    case ENOBUFS: case ENOMEM: return WSAENOBUFS;
    case EISCONN: return WSAEISCONN;
    case ENOTCONN: return WSAENOTCONN;
    case ESHUTDOWN: return WSAESHUTDOWN;
    case ETIMEDOUT: return WSAETIMEDOUT;
    /* a Unix-domain connect to a path with no listener: Windows refuses it */
    case ECONNREFUSED: case ENOENT: return WSAECONNREFUSED;
    case ENAMETOOLONG: return WSAENAMETOOLONG;
    case EHOSTUNREACH: return WSAEHOSTUNREACH;
    default: return WSAEINVAL;
    }
}

int px_socket(int domain, int type, int protocol) {
    long fd = syscall(SYS_socket, domain, type | SOCK_CLOEXEC, protocol);
    return fd < 0 ? -errno : (int) fd;
}

int px_close(int fd) {
    return RESULT(close(fd));
}

int px_bind(int fd, const void *address, unsigned length) {
    return RESULT(syscall(SYS_bind, fd, address, (socklen_t) length));
}

int px_listen(int fd, int backlog) {
    return RESULT(syscall(SYS_listen, fd, backlog));
}

int px_accept(int fd, void *address, unsigned *length, int nonblocking) {
    socklen_t size = length == NULL ? 0 : *length;
    long accepted;
    do {
        accepted = syscall(SYS_accept4, fd, address, length == NULL ? NULL : &size,
                           SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0));
    } while (accepted < 0 && errno == EINTR);
    if (accepted < 0) {
        return -errno;
    }
    if (length != NULL) {
        *length = size;
    }
    return (int) accepted;
}

int px_connect(int fd, const void *address, unsigned length) {
    return RESULT(syscall(SYS_connect, fd, address, (socklen_t) length));
}

long px_sendto(int fd, const void *buffer, size_t length, int flags, const void *to, unsigned to_length) {
    /* MSG_NOSIGNAL: Winsock has no SIGPIPE, a closed peer is an error code */
    long n;
    do {
        n = syscall(SYS_sendto, fd, buffer, length, flags | MSG_NOSIGNAL, to, (socklen_t) to_length);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

long px_recvfrom(int fd, void *buffer, size_t length, int flags, void *from, unsigned *from_length) {
    socklen_t size = from_length == NULL ? 0 : *from_length;
    long n;
    do {
        n = syscall(SYS_recvfrom, fd, buffer, length, flags, from, from_length == NULL ? NULL : &size);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    if (from_length != NULL) {
        *from_length = size;
    }
    return n;
}

static long transfer_vector(int fd, const struct px_buffer *buffers, int count, long call, int flags) {
    struct msghdr message = {0};
    message.msg_iov = (struct iovec *) buffers;
    message.msg_iovlen = (size_t) count;
    long n;
    do {
        n = syscall(call, fd, &message, flags);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

long px_sendv(int fd, const struct px_buffer *buffers, int count) {
    /* MSG_NOSIGNAL: Winsock has no SIGPIPE */
    return transfer_vector(fd, buffers, count, SYS_sendmsg, MSG_NOSIGNAL);
}

long px_recvv(int fd, const struct px_buffer *buffers, int count, int flags) {
    return transfer_vector(fd, buffers, count, SYS_recvmsg, flags);
}

int px_shutdown(int fd, int how) {
    return RESULT(syscall(SYS_shutdown, fd, how));
}

static int name_call(long call, int fd, void *address, unsigned *length) {
    socklen_t size = *length;
    if (syscall(call, fd, address, &size) < 0) {
        return -errno;
    }
    *length = size;
    return 0;
}

int px_getsockname(int fd, void *address, unsigned *length) {
    return name_call(SYS_getsockname, fd, address, length);
}

int px_getpeername(int fd, void *address, unsigned *length) {
    return name_call(SYS_getpeername, fd, address, length);
}

int px_setsockopt(int fd, int level, int name, const void *value, unsigned length) {
    return RESULT(syscall(SYS_setsockopt, fd, level, name, value, (socklen_t) length));
}

int px_getsockopt(int fd, int level, int name, void *value, unsigned *length) {
    socklen_t size = *length;
    if (syscall(SYS_getsockopt, fd, level, name, value, &size) < 0) {
        return -errno;
    }
    *length = size;
    return 0;
}

int px_set_nonblocking(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        return -errno;
    }
    return RESULT(fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK));
}

int px_bytes_readable(int fd) {
    int n = 0;
    return ioctl(fd, FIONREAD, &n) < 0 ? -errno : n;
}

int px_is_socket(int fd) {
    struct stat status;
    return fstat(fd, &status) == 0 && S_ISSOCK(status.st_mode);
}

int px_poll_now(int fd) {
    struct pollfd entry = {fd, POLLIN | POLLPRI | POLLOUT | POLLRDHUP, 0};
    int n = poll(&entry, 1, 0);
    return n < 0 ? -errno : (n == 0 ? 0 : entry.revents);
}

int px_epoll_create(void) {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int px_epoll_watch(int epfd, int fd, int add) {
    /* edge-triggered: every state change wakes the port once, and a state the pending polls did
       not ask for does not wake it again and again */
    struct epoll_event event = {EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDHUP | EPOLLET, {.fd = fd}};
    return RESULT(epoll_ctl(epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event));
}

int px_epoll_unwatch(int epfd, int fd) {
    return RESULT(epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL));
}

int px_epoll_wait(int epfd, int *fds, int capacity, int timeout_ms) {
    struct epoll_event events[64];
    if (capacity > 64) {
        capacity = 64;
    }
    int n = epoll_wait(epfd, events, capacity, timeout_ms);
    if (n < 0) {
        return -errno;
    }
    for (int i = 0; i < n; i++) {
        fds[i] = events[i].data.fd;
    }
    return n;
}

int px_eventfd(void) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

void px_eventfd_signal(int fd) {
    uint64_t one = 1;
    /* a full counter (EAGAIN) is already a signal */
    (void) !write(fd, &one, sizeof one);
}

void px_eventfd_drain(int fd) {
    uint64_t count;
    (void) !read(fd, &count, sizeof count);
}

uint64_t px_monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t) now.tv_sec * 1000u + (uint64_t) now.tv_nsec / 1000000u;
}
