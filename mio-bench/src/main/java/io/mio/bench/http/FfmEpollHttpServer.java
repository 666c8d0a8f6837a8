package io.mio.bench.http;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The floor of the load benchmark: the plaintext server written as a bare FFM loop over Linux
 * x86-64 system calls, with no library around it (no mio, no channels). It does the work of
 * {@link MioHttpServer} the way mio's epoll backend asks the kernel for it: sockets registered
 * {@code EPOLLIN | EPOLLRDHUP | EPOLLET}, each readable event read until {@code EAGAIN}, requests
 * counted by {@link Http#step}, the owed responses sent, and a partial send waiting for
 * {@code EPOLLOUT}. The difference between this loop's CPU per request and a mio backend's is the
 * cost of mio's layers.
 *
 * <p>Bare means: connection state lives in arrays indexed by descriptor, the epoll data word is the
 * descriptor, one read buffer serves every connection (its bytes are scanned before the next read),
 * and responses are sent straight from a constant native block of repeated responses (the Java
 * servers copy them into a per-connection buffer first: 78 bytes, a few nanoseconds). Quick calls are
 * {@code critical(false)} and capture {@code errno}, as mio-posix's are; {@code epoll_wait} blocks, so
 * it is not critical.
 */
final class FfmEpollHttpServer implements HttpServers.Server {

    // <sys/socket.h>, <netinet/in.h>, <netinet/tcp.h>, <sys/epoll.h>, <errno.h> on Linux x86-64
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_NODELAY = 1;
    private static final int EPOLL_CLOEXEC = 0x80000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int EPOLLIN = 0x1;
    private static final int EPOLLOUT = 0x4;
    private static final int EPOLLERR = 0x8;
    private static final int EPOLLHUP = 0x10;
    private static final int EPOLLRDHUP = 0x2000;
    private static final int EPOLLET = 1 << 31;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** {@code struct epoll_event} is packed on x86-64: {@code uint32_t events} at 0, the data word at 4. */
    private static final int EVENT_SIZE = 12;
    private static final int MAX_EVENTS = 1024;
    private static final int READABLE = EPOLLIN | EPOLLRDHUP | EPOLLET;

    private static final ValueLayout.OfLong DATA = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = quick("socket", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final MethodHandle SETSOCKOPT = quick("setsockopt", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final MethodHandle BIND = quick("bind", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final MethodHandle LISTEN = quick("listen", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final MethodHandle GETSOCKNAME = quick("getsockname", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final MethodHandle ACCEPT4 = quick("accept4", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
    private static final MethodHandle RECV = quick("recv", ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
    private static final MethodHandle SEND = quick("send", ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
    private static final MethodHandle CLOSE = quick("close", ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final MethodHandle EPOLL_CREATE1 = quick("epoll_create1", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT);
    private static final MethodHandle EPOLL_CTL = quick("epoll_ctl", ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS);
    private static final MethodHandle EPOLL_WAIT = Linker.nativeLinker().downcallHandle(symbol("epoll_wait"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment events = arena.allocate((long) EVENT_SIZE * MAX_EVENTS, 8);
    private final MemorySegment event = arena.allocate(EVENT_SIZE, 8);
    private final MemorySegment in = arena.allocate(Http.READ_BUFFER, 8);
    /** As many whole responses as {@link Http#WRITE_BUFFER} holds, back to back, never written. */
    private final MemorySegment responses;
    /** {@code from[k]}: {@link #responses} from byte k on, so a send after a partial one allocates nothing. */
    private final MemorySegment[] from = new MemorySegment[Http.RESPONSE.length];
    private final int epfd;
    private final int listenFd;
    private final int port;
    // per connection, indexed by descriptor
    private int[] scan = new int[1024];
    private long[] unsent = new long[1024];
    /** Bytes of the current response already sent, so the next send starts there in {@link #responses}. */
    private int[] phase = new int[1024];
    private boolean[] writeInterest = new boolean[1024];
    private boolean[] open = new boolean[1024];

    FfmEpollHttpServer(final InetSocketAddress address) throws IOException {
        final String arch = System.getProperty("os.arch");
        if (!"Linux".equals(System.getProperty("os.name")) || !("amd64".equals(arch) || "x86_64".equals(arch))) {
            throw new UnsupportedOperationException("the bare FFM loop is written for Linux x86-64 only");
        }
        final int count = Http.WRITE_BUFFER / Http.RESPONSE.length;
        responses = arena.allocate((long) count * Http.RESPONSE.length, 8);
        for (int i = 0; i < count; i++) {
            MemorySegment.copy(Http.RESPONSE, 0, responses, ValueLayout.JAVA_BYTE,
                    (long) i * Http.RESPONSE.length, Http.RESPONSE.length);
        }
        for (int k = 0; k < from.length; k++) {
            from[k] = responses.asSlice(k);
        }
        epfd = check("epoll_create1", callInt(EPOLL_CREATE1, EPOLL_CLOEXEC));
        listenFd = check("socket", callInt(SOCKET, AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        final MemorySegment one = arena.allocate(ValueLayout.JAVA_INT);
        one.set(ValueLayout.JAVA_INT, 0, 1);
        check("setsockopt(SO_REUSEADDR)", setsockopt(listenFd, SOL_SOCKET, SO_REUSEADDR, one));
        final MemorySegment sin = arena.allocate(16, 4);
        final byte[] ip = address.getAddress().getAddress();
        sin.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        sin.set(ValueLayout.JAVA_BYTE, 2, (byte) (address.getPort() >>> 8));
        sin.set(ValueLayout.JAVA_BYTE, 3, (byte) address.getPort());
        MemorySegment.copy(ip, 0, sin, ValueLayout.JAVA_BYTE, 4, 4);
        try {
            check("bind", (int) BIND.invokeExact(errno, listenFd, sin, 16));
            check("listen", (int) LISTEN.invokeExact(errno, listenFd, Listeners.BACKLOG));
            final MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 16);
            check("getsockname", (int) GETSOCKNAME.invokeExact(errno, listenFd, sin, len));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        port = (Byte.toUnsignedInt(sin.get(ValueLayout.JAVA_BYTE, 2)) << 8)
                | Byte.toUnsignedInt(sin.get(ValueLayout.JAVA_BYTE, 3));
        check("epoll_ctl(ADD listener)", ctl(EPOLL_CTL_ADD, listenFd, EPOLLIN | EPOLLET));
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void run(final long deadlineNanos) throws IOException {
        while (System.nanoTime() < deadlineNanos) {
            final int n;
            try {
                n = (int) EPOLL_WAIT.invokeExact(errno, epfd, events, MAX_EVENTS, 1000);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n < 0) {
                if (errno() == EINTR) {
                    continue;
                }
                throw failure("epoll_wait", errno());
            }
            for (int i = 0; i < n; i++) {
                final long at = (long) i * EVENT_SIZE;
                final int flags = events.get(ValueLayout.JAVA_INT_UNALIGNED, at);
                final int fd = (int) events.get(DATA, at + 4);
                if (fd == listenFd) {
                    accept();
                } else if (open[fd]) {
                    if ((flags & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0 && !read(fd)) {
                        close(fd);
                    } else if (((flags & EPOLLOUT) != 0 || unsent[fd] > 0) && !flush(fd)) {
                        close(fd);
                    }
                }
            }
        }
    }

    private void accept() throws IOException {
        for (;;) {
            final int fd = callInt(ACCEPT4, listenFd, MemorySegment.NULL, MemorySegment.NULL,
                    SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                final int e = errno();
                if (e == EAGAIN) {
                    return;
                }
                if (e == EINTR) {
                    continue;
                }
                throw failure("accept4", e);
            }
            if (fd >= open.length) {
                final int size = Math.max(fd + 1, open.length * 2);
                scan = Arrays.copyOf(scan, size);
                unsent = Arrays.copyOf(unsent, size);
                phase = Arrays.copyOf(phase, size);
                writeInterest = Arrays.copyOf(writeInterest, size);
                open = Arrays.copyOf(open, size);
            }
            final MemorySegment one = event; // scratch: 4 bytes of it hold the option value
            one.set(ValueLayout.JAVA_INT, 0, 1);
            check("setsockopt(TCP_NODELAY)", setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, one));
            scan[fd] = 0;
            unsent[fd] = 0;
            phase[fd] = 0;
            writeInterest[fd] = false;
            open[fd] = true;
            check("epoll_ctl(ADD)", ctl(EPOLL_CTL_ADD, fd, READABLE));
        }
    }

    /** Reads until {@code EAGAIN}. @return false at end of stream or on an error */
    private boolean read(final int fd) {
        for (;;) {
            final long n;
            try {
                n = (long) RECV.invokeExact(errno, fd, in, (long) Http.READ_BUFFER, 0);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n <= 0) {
                if (n == 0) {
                    return false;
                }
                final int e = errno();
                if (e == EINTR) {
                    continue;
                }
                return e == EAGAIN;
            }
            int state = scan[fd];
            int requests = 0;
            for (int i = 0; i < n; i++) {
                state = Http.step(state, in.get(ValueLayout.JAVA_BYTE, i));
                if (state == 4) {
                    requests++;
                    state = 0;
                }
            }
            scan[fd] = state;
            unsent[fd] += (long) requests * Http.RESPONSE.length;
        }
    }

    /** Sends what is owed. @return false on an error */
    private boolean flush(final int fd) {
        final int length = Http.RESPONSE.length;
        final long block = responses.byteSize();
        long left = unsent[fd];
        int at = phase[fd];
        while (left > 0) {
            final long m;
            try {
                m = (long) SEND.invokeExact(errno, fd, from[at], Math.min(left, block - at), 0);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (m < 0) {
                final int e = errno();
                if (e == EINTR) {
                    continue;
                }
                unsent[fd] = left;
                phase[fd] = at;
                if (e != EAGAIN) {
                    return false;
                }
                if (!writeInterest[fd]) {
                    writeInterest[fd] = true;
                    return ctl(EPOLL_CTL_MOD, fd, READABLE | EPOLLOUT) == 0;
                }
                return true;
            }
            left -= m;
            at = (int) ((at + m) % length);
        }
        unsent[fd] = 0;
        phase[fd] = 0;
        if (writeInterest[fd]) {
            writeInterest[fd] = false;
            return ctl(EPOLL_CTL_MOD, fd, READABLE) == 0;
        }
        return true;
    }

    private void close(final int fd) {
        open[fd] = false;
        callInt(CLOSE, fd); // closing the last descriptor removes it from the epoll set
    }

    @Override
    public void close() {
        for (int fd = 0; fd < open.length; fd++) {
            if (open[fd]) {
                close(fd);
            }
        }
        callInt(CLOSE, listenFd);
        callInt(CLOSE, epfd);
        arena.close();
    }

    private int ctl(final int op, final int fd, final int flags) {
        event.set(ValueLayout.JAVA_INT_UNALIGNED, 0, flags);
        event.set(DATA, 4, fd);
        try {
            return (int) EPOLL_CTL.invokeExact(errno, epfd, op, fd, event);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int setsockopt(final int fd, final int level, final int option, final MemorySegment value) {
        try {
            return (int) SETSOCKOPT.invokeExact(errno, fd, level, option, value, 4);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int callInt(final MethodHandle handle, final Object... args) {
        // setup and teardown only: the hot calls (recv, send, epoll_wait, epoll_ctl) use invokeExact
        final Object[] all = new Object[args.length + 1];
        all[0] = errno;
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            return (int) handle.invokeWithArguments(all);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int errno() {
        return (int) ERRNO.get(errno, 0L);
    }

    private int check(final String call, final int result) throws IOException {
        if (result < 0) {
            throw failure(call, errno());
        }
        return result;
    }

    private static IOException failure(final String call, final int errno) {
        return new IOException(call + " failed: errno " + errno);
    }

    private static MethodHandle quick(final String name, final ValueLayout result, final ValueLayout... args) {
        return Linker.nativeLinker().downcallHandle(symbol(name), FunctionDescriptor.of(result, args),
                Linker.Option.captureCallState("errno"), Linker.Option.critical(false));
    }

    private static MemorySegment symbol(final String name) {
        return Linker.nativeLinker().defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }
}
