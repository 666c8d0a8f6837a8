/*
 * The Linux half of the Win32 shim, as seen from its Windows half (win32shim.c): POSIX calls with
 * neutral types, each returning a result >= 0 or -errno. The two halves are separate translation
 * units because the Windows names (socket, bind, SOL_SOCKET, AF_INET6, ...) clash with POSIX's.
 * The LX_ values are Linux's generic ABI; posix.c asserts each against the system headers.
 */
#ifndef MIO_SHIM_POSIX_H
#define MIO_SHIM_POSIX_H

#include <stddef.h>
#include <stdint.h>

/* internal to the shim library: only the Win32 names are exported */
#pragma GCC visibility push(hidden)

#define LX_AF_UNIX 1
#define LX_AF_INET 2
#define LX_AF_INET6 10
#define LX_SOCK_STREAM 1
#define LX_SOCK_DGRAM 2
#define LX_SOL_SOCKET 1
#define LX_SO_REUSEADDR 2
#define LX_SO_TYPE 3
#define LX_SO_ERROR 4
#define LX_SO_BROADCAST 6
#define LX_SO_SNDBUF 7
#define LX_SO_RCVBUF 8
#define LX_SO_KEEPALIVE 9
#define LX_SO_LINGER 13
#define LX_SO_ACCEPTCONN 30
#define LX_IPPROTO_IP 0
#define LX_IP_TTL 2
#define LX_IPPROTO_TCP 6
#define LX_TCP_NODELAY 1
#define LX_IPPROTO_IPV6 41
#define LX_IPV6_V6ONLY 26
#define LX_MSG_OOB 1
#define LX_MSG_PEEK 2
#define LX_MSG_TRUNC 0x20
#define LX_POLLIN 0x001
#define LX_POLLPRI 0x002
#define LX_POLLOUT 0x004
#define LX_POLLERR 0x008
#define LX_POLLHUP 0x010
#define LX_POLLRDHUP 0x2000
#define LX_EINTR 4
#define LX_EAGAIN 11
#define LX_EPIPE 32
#define LX_ECONNRESET 104
#define LX_ECONNREFUSED 111
#define LX_EINPROGRESS 115
#define LX_ENETUNREACH 101
#define LX_ETIMEDOUT 110
#define LX_EHOSTUNREACH 113

/* one buffer of a vectored transfer (the layout of struct iovec) */
struct px_buffer {
    void *base;
    size_t length;
};

/* the Winsock error for an errno value (WSAEINVAL for one with no closer match) */
int px_wsa_error(int error);

int px_socket(int domain, int type, int protocol);
int px_close(int fd);
int px_bind(int fd, const void *address, unsigned length);
int px_listen(int fd, int backlog);
int px_accept(int fd, void *address, unsigned *length, int nonblocking);
int px_connect(int fd, const void *address, unsigned length);
long px_sendto(int fd, const void *buffer, size_t length, int flags, const void *to, unsigned to_length);
long px_recvfrom(int fd, void *buffer, size_t length, int flags, void *from, unsigned *from_length);
long px_sendv(int fd, const struct px_buffer *buffers, int count);
long px_recvv(int fd, const struct px_buffer *buffers, int count, int flags);
int px_shutdown(int fd, int how);
int px_getsockname(int fd, void *address, unsigned *length);
int px_getpeername(int fd, void *address, unsigned *length);
int px_setsockopt(int fd, int level, int name, const void *value, unsigned length);
int px_getsockopt(int fd, int level, int name, void *value, unsigned *length);
int px_set_nonblocking(int fd, int on);
int px_bytes_readable(int fd);
int px_is_socket(int fd);
/* poll(2) with a zero timeout: the LX_POLL* bits that hold now */
int px_poll_now(int fd);

/* the wait of a completion port: an epoll set, edge-triggered, plus an eventfd to wake it */
int px_epoll_create(void);
int px_epoll_watch(int epfd, int fd, int add);
int px_epoll_unwatch(int epfd, int fd);
/* waits up to timeout_ms (-1: no limit) and stores up to capacity ready descriptors in fds */
int px_epoll_wait(int epfd, int *fds, int capacity, int timeout_ms);
int px_eventfd(void);
void px_eventfd_signal(int fd);
void px_eventfd_drain(int fd);

uint64_t px_monotonic_ms(void);

#pragma GCC visibility pop

#endif
