package io.mio.iocp;

import io.mio.ClosedSourceException;
import io.mio.IoSource;
import io.mio.completion.PollState;
import io.mio.net.MioSocketOptions;
import io.mio.spi.PollProvider;
import io.mio.spi.UseGuard;
import io.mio.spi.NativeSocketIo;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import io.mio.net.UnixAddress;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What every Winsock socket of the driver does the same way, whatever its shape ({@link WinStream},
 * {@link WinListener}, {@link WinDatagram}): the socket guarded against a concurrent close, its base
 * socket (what AFD polls), options, pending error, addresses, and the link to its poll state, which
 * an operation that would block re-arms ({@link #wouldBlock}).
 *
 * <p>The guard: each call takes a use of the socket ({@link #guard}, a {@link UseGuard}); {@code closesocket} runs
 * when the socket is closed and no call holds a use, so a socket number is never closed (and
 * reused by Windows) under a call still running on it.
 */
abstract class WinSocket<A extends SocketAddress> extends IoSource implements NativeSocketIo<A> {
    static final Set<SocketOption<?>> STREAM_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.TCP_NODELAY);
    static final Set<SocketOption<?>> LISTENER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF);
    static final Set<SocketOption<?>> DATAGRAM_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_BROADCAST);

    /** The Winsock socket. */
    final long socket;
    /** The base service provider's socket: what the AFD poll watches (the same without a layered provider). */
    final long base;
    /** {@link Win32#AF_INET}, {@link Win32#AF_INET6} or {@link Win32#AF_UNIX}. */
    final int family;
    private final Set<SocketOption<?>> options;
    /** The guard each call takes a use of: see the class comment. */
    final Guard guard = new Guard();
    /** The registration: set and cleared by the registry under the poll's lock. */
    volatile Link link;

    /** A registered socket's poll and state; one per registration. */
    record Link(IocpPoll poll, PollState state) {
    }

    WinSocket(PollProvider provider, long socket, long base, int family, Set<SocketOption<?>> options) {
        super(provider);
        this.socket = socket;
        this.base = base;
        this.family = family;
        this.options = options;
    }

    /**
     * Opens a non-blocking socket and finds its base socket.
     *
     * @param family the family
     * @param type {@link Win32#SOCK_STREAM} or {@link Win32#SOCK_DGRAM}
     * @return {@code {socket, base}}
     */
    static long[] open(int family, int type) throws IOException {
        WinScratch s = WinScratch.get();
        long socket = Win32Calls.socket(s.state, family, type, 0);
        if (socket == -1) {
            throw WinError.exception("socket", Win32Calls.wsaLastError(s.state), type == Win32.SOCK_DGRAM);
        }
        try {
            nonBlocking(socket);
            return new long[] {socket, baseSocket(socket)};
        } catch (IOException | RuntimeException e) {
            Win32Calls.closesocket(s.state, socket);
            throw e;
        }
    }

    /** {@code ioctlsocket(FIONBIO, 1)}: an accepted socket has its listener's mode, which is already this. */
    static void nonBlocking(long socket) throws IOException {
        WinScratch s = WinScratch.get();
        s.option.set(JAVA_INT, 0, 1);
        if (Win32Calls.ioctlsocket(s.state, socket, Win32.FIONBIO, s.option) != 0) {
            throw WinError.exception("ioctlsocket(FIONBIO)", Win32Calls.wsaLastError(s.state), false);
        }
    }

    /**
     * The base socket, as mio finds it: {@code SIO_BASE_HANDLE}, and where a layered provider
     * refuses it, {@code SIO_BSP_HANDLE_POLL} then {@code SIO_BSP_HANDLE_SELECT} (mio's net.rs).
     */
    static long baseSocket(long socket) throws IOException {
        WinScratch s = WinScratch.get();
        MemorySegment out = s.option.asSlice(0, 8);
        MemorySegment bytes = s.option.asSlice(8, 4);
        int error = 0;
        for (int code : new int[] {Win32.SIO_BASE_HANDLE, Win32.SIO_BSP_HANDLE_POLL, Win32.SIO_BSP_HANDLE_SELECT}) {
            if (Win32Calls.wsaIoctlSocket(s.state, socket, code, out, bytes) == 0) {
                long base = out.get(JAVA_LONG, 0);
                if (base != -1 && base != 0) {
                    return base;
                }
            } else if (error == 0) {
                error = Win32Calls.wsaLastError(s.state);
            }
        }
        throw WinError.exception("WSAIoctl(SIO_BASE_HANDLE)", error, false);
    }

    /** The socket's {@link UseGuard}: the last call out after a close closes the socket. */
    final class Guard extends UseGuard {
        @Override
        protected void releaseLate() {
            closeSocket();
        }

        @Override
        protected Object owner() {
            return WinSocket.this;
        }
    }

    @Override
    protected final void implCloseSource() {
        if (guard.markClosed()) {
            closeSocket();
        }
    }

    private void closeSocket() {
        // closing completes the socket's poll in flight with LOCAL_CLOSE (deregistered: dropped by the selector)
        Win32Calls.closesocket(WinScratch.get().state, socket);
    }

    /**
     * An operation would block: the kind is armed again and its poll resubmitted (mio's
     * {@code IoSourceState::do_io} on Windows).
     *
     * @param readiness {@link io.mio.spi.Readiness#READABLE} or {@link io.mio.spi.Readiness#WRITABLE}
     */
    final void wouldBlock(int readiness) throws IOException {
        Link l = link;
        if (l != null) {
            l.poll().wouldBlock(l.state(), readiness);
        }
    }

    /** {@return the exception for the last failed Winsock call of this thread} */
    final IOException failure(String call, WinScratch s) {
        return WinError.exception(call, Win32Calls.wsaLastError(s.state), this instanceof WinDatagram);
    }

    /** {@return the exception for a Winsock error code of {@code call}} (a datagram's differ: see WinError) */
    @Override
    public final IOException failure(String call, int error) {
        return WinError.exception(call, error, this instanceof WinDatagram);
    }

    /**
     * The memory a transfer of {@code buffer} hands to Winsock: a direct buffer's own (the call holds
     * its arena open, and the linker checks its owner thread and liveness before the kernel sees it),
     * else the thread's scratch, through which a heap buffer is copied.
     */
    static MemorySegment memory(ByteBuffer buffer, WinScratch s) {
        return buffer.isDirect() ? MemorySegment.ofBuffer(buffer) : s.data;
    }

    /** {@return how many bytes of {@code buffer} one call moves: all of a direct buffer, else a scratch's worth} */
    static int room(ByteBuffer buffer) {
        return buffer.isDirect() ? buffer.remaining() : Math.min(buffer.remaining(), WinScratch.DATA);
    }

    /** Copies up to {@link WinScratch#DATA} bytes of a heap buffer {@code src} (not consumed) into the scratch. */
    static int gather(ByteBuffer src, MemorySegment data) {
        int n = Math.min(src.remaining(), WinScratch.DATA);
        MemorySegment.copy(MemorySegment.ofBuffer(src), JAVA_BYTE, 0, data, JAVA_BYTE, 0, n);
        return n;
    }

    /** {@code n} bytes came into {@link #memory}: copies them from the scratch for a heap buffer, and advances it. */
    static void received(ByteBuffer dst, MemorySegment data, int n) {
        if (!dst.isDirect()) {
            MemorySegment.copy(data, JAVA_BYTE, 0, MemorySegment.ofBuffer(dst), JAVA_BYTE, 0, n);
        }
        dst.position(dst.position() + n);
    }

    /**
     * Checks that the direct buffers of a vectored call may be used by this thread now (their arena
     * is open, and owned by this thread if confined), before the kernel moves any byte: they are
     * copied through the scratch, so the call itself does not check them.
     */
    static void checkScopes(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.isDirect() && b.capacity() > 0) {
                MemorySegment.ofBuffer(b.duplicate().clear()).get(JAVA_BYTE, 0);
            }
        }
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return options;
    }

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) throws IOException {
        int level = level(name);
        int option = option(name);
        WinScratch s = WinScratch.get();
        int length = 4;
        if (name == StandardSocketOptions.SO_LINGER) {
            // as the JDK: a negative value turns lingering off; Windows' fields are u_shorts
            int seconds = (Integer) value;
            s.option.set(JAVA_SHORT, 0, (short) (seconds < 0 ? 0 : 1));
            s.option.set(JAVA_SHORT, 2, (short) (seconds < 0 ? 0 : Math.min(seconds, 65535)));
        } else {
            s.option.set(JAVA_INT, 0, value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value);
        }
        guard.acquire();
        try {
            if (Win32Calls.setsockopt(s.state, socket, level, option, s.option, length) != 0) {
                throw failure("setsockopt(" + name.name() + ")", s);
            }
        } finally {
            guard.release();
        }
    }

    @SuppressWarnings("unchecked") // the option's type decides the value's
    @Override
    public final <T> T getOption(SocketOption<T> name) throws IOException {
        int level = level(name);
        int option = option(name);
        WinScratch s = WinScratch.get();
        guard.acquire();
        try {
            s.option.set(JAVA_LONG, 0, 0);
            s.length.set(JAVA_INT, 0, 4);
            if (Win32Calls.getsockopt(s.state, socket, level, option, s.option, s.length) != 0) {
                throw failure("getsockopt(" + name.name() + ")", s);
            }
        } finally {
            guard.release();
        }
        if (name == StandardSocketOptions.SO_LINGER) {
            return (T) Integer.valueOf(s.option.get(JAVA_SHORT, 0) == 0 ? -1 : Short.toUnsignedInt(s.option.get(JAVA_SHORT, 2)));
        }
        int v = s.option.get(JAVA_INT, 0);
        return (T) (name.type() == Boolean.class ? Boolean.valueOf(v != 0) : Integer.valueOf(v));
    }

    private int level(SocketOption<?> name) {
        if (name == StandardSocketOptions.TCP_NODELAY) {
            return Win32.IPPROTO_TCP;
        }
        if (name == MioSocketOptions.IP_TTL) {
            return family == Win32.AF_INET6 ? Win32.IPPROTO_IPV6 : Win32.IPPROTO_IP;
        }
        if (name == MioSocketOptions.IPV6_V6ONLY) {
            return Win32.IPPROTO_IPV6;
        }
        return Win32.SOL_SOCKET;
    }

    private static int option(SocketOption<?> name) {
        if (name == StandardSocketOptions.SO_RCVBUF) {
            return Win32.SO_RCVBUF;
        } else if (name == StandardSocketOptions.SO_SNDBUF) {
            return Win32.SO_SNDBUF;
        } else if (name == StandardSocketOptions.SO_KEEPALIVE) {
            return Win32.SO_KEEPALIVE;
        } else if (name == StandardSocketOptions.SO_LINGER) {
            return Win32.SO_LINGER;
        } else if (name == StandardSocketOptions.SO_BROADCAST) {
            return Win32.SO_BROADCAST;
        } else if (name == StandardSocketOptions.TCP_NODELAY) {
            return Win32.TCP_NODELAY;
        } else if (name == MioSocketOptions.IP_TTL) {
            return Win32.IP_TTL; // IPV6_UNICAST_HOPS is 4 too
        } else if (name == MioSocketOptions.IPV6_V6ONLY) {
            return Win32.IPV6_V6ONLY;
        }
        throw new UnsupportedOperationException("socket option " + name);
    }

    /** {@return the pending {@code SO_ERROR} (reading clears it), or 0} */
    @Override
    public final int takeErrorCode() throws IOException {
        WinScratch s = WinScratch.get();
        guard.acquire();
        try {
            s.length.set(JAVA_INT, 0, 4);
            if (Win32Calls.getsockopt(s.state, socket, Win32.SOL_SOCKET, Win32.SO_ERROR, s.option, s.length) != 0) {
                throw failure("getsockopt(SO_ERROR)", s);
            }
            return s.option.get(JAVA_INT, 0);
        } finally {
            guard.release();
        }
    }

    // takeError and localAddress are NativeSocketIo's (a stream's takeError, NativeStreamIo's)

    /** {@code getsockname} or {@code getpeername}, decoded for the family; null for a peer when not connected. */
    @SuppressWarnings("unchecked") // the family decides A: AF_UNIX sockets are made with UnixAddress
    @Override
    public final A name(boolean peer) throws IOException {
        WinScratch s = WinScratch.get();
        guard.acquire();
        try {
            MemorySegment out = s.addressOut();
            int r = peer ? Win32Calls.getpeername(s.state, socket, out, s.length)
                    : Win32Calls.getsockname(s.state, socket, out, s.length);
            if (r != 0) {
                int error = Win32Calls.wsaLastError(s.state);
                if (peer && error == Win32.WSAENOTCONN) {
                    return null;
                }
                throw failure(peer ? "getpeername" : "getsockname", error);
            }
            return (A) (family == Win32.AF_UNIX ? s.decodeUnix() : s.decode());
        } finally {
            guard.release();
        }
    }

    /** {@return the text of an address in messages} */
    static String text(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : address.toString();
    }

    /** {@return the API type's name} */
    abstract String kind();

    @Override
    public String toString() {
        return kind() + "[" + provider().name() + ", socket " + socket + (isOpen() ? "" : ", closed") + "]";
    }
}
