package io.mio.iocp;

import io.mio.net.Shutdown;
import io.mio.spi.ConnectState;
import io.mio.spi.NativeStreamIo;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A TCP or Unix-domain stream on a Winsock socket: connecting ({@link IocpProvider#connectTcpStream},
 * {@link IocpProvider#connectUnixStream}) or accepted by a {@link WinListener}. Data goes through the thread's native scratch, 64 KiB per call at most.
 *
 * @param <A> the address type
 */
final class WinStream<A extends SocketAddress> extends WinSocket<A> implements NativeStreamIo<A> {
    /** The connect's state: peer, failure, pending error (the target is null for an accepted stream). */
    private final ConnectState<A> connect;
    /** Reads after shutdown(READ) are end of stream without a call (Windows would still return queued data). */
    private volatile boolean inputShut;
    /** A reset was thrown by a read: reads are end of stream from now on. */
    private volatile boolean resetReported;

    WinStream(PollProvider provider, long socket, long base, int family, A target) {
        super(provider, socket, base, family, family == Win32.AF_UNIX ? UNIX_OPTIONS : STREAM_OPTIONS);
        this.connect = new ConnectState<>(target == null ? null : text(target));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (inputShut || resetReported) {
            return endOfInput();
        }
        if (!dst.hasRemaining()) {
            ensureOpen();
            return 0;
        }
        return receive(dst, 0);
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        if (inputShut || resetReported) {
            return endOfInput();
        }
        checkScopes(dsts);
        long room = 0;
        for (ByteBuffer dst : dsts) {
            room += dst.remaining();
        }
        if (room == 0) {
            ensureOpen();
            return 0;
        }
        WinScratch s = WinScratch.get();
        int n = recv(s, s.data, (int) Math.min(room, WinScratch.DATA), 0);
        int done = 0;
        for (ByteBuffer d : dsts) {
            int part = Math.min(d.remaining(), Math.max(n, 0) - done);
            if (part > 0) {
                MemorySegment.copy(s.data, JAVA_BYTE, done, MemorySegment.ofBuffer(d), JAVA_BYTE, 0, part);
                d.position(d.position() + part);
                done += part;
            }
        }
        return n;
    }

    @Override
    public int peek(ByteBuffer dst) throws IOException {
        if (inputShut || resetReported) {
            return endOfInput();
        }
        if (!dst.hasRemaining()) {
            ensureOpen();
            return 0;
        }
        return receive(dst, Win32.MSG_PEEK);
    }

    private int receive(ByteBuffer dst, int flags) throws IOException {
        WinScratch s = WinScratch.get();
        MemorySegment memory = memory(dst, s);
        int n = recv(s, memory, room(dst), flags);
        if (n > 0) {
            received(dst, memory, n);
        }
        return n;
    }

    /**
     * One recv: the count, 0 if it would block (re-arming readable unless peeking), -1 at end of
     * stream. A reset is thrown once; later reads are end of stream, as on the POSIX backends.
     */
    private int recv(WinScratch s, MemorySegment memory, int room, int flags) throws IOException {
        int n;
        guard.acquire();
        try {
            n = Win32Calls.recv(s.state, socket, memory, room, flags);
        } finally {
            guard.release();
        }
        if (n < 0) {
            int error = Win32Calls.wsaLastError(s.state);
            if (error != Win32.WSAEWOULDBLOCK) {
                if (error == Win32.WSAECONNRESET || error == Win32.WSAECONNABORTED) {
                    resetReported = true;
                }
                throw WinError.exception("recv", error, false);
            }
            if (flags == 0) {
                wouldBlock(Readiness.READABLE);
            }
            return 0;
        }
        return n == 0 ? -1 : n;
    }

    /** A read after shutdown(READ): end of stream, without the socket, so the closed check is here. */
    private int endOfInput() throws IOException {
        ensureOpen();
        return -1;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        WinScratch s = WinScratch.get();
        MemorySegment memory = memory(src, s);
        int n = src.isDirect() ? src.remaining() : gather(src, s.data);
        int sent = send(s, memory, n);
        src.position(src.position() + sent);
        return sent;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        checkScopes(srcs);
        WinScratch s = WinScratch.get();
        int n = 0;
        for (ByteBuffer src : srcs) {
            int part = Math.min(src.remaining(), WinScratch.DATA - n);
            MemorySegment.copy(MemorySegment.ofBuffer(src), JAVA_BYTE, 0, s.data, JAVA_BYTE, n, part);
            n += part;
        }
        int sent = send(s, s.data, n);
        int left = sent;
        for (ByteBuffer src : srcs) {
            int part = Math.min(src.remaining(), left);
            src.position(src.position() + part);
            left -= part;
        }
        return sent;
    }

    /** One send of {@code n} bytes of {@code memory}; even an empty one, so a shut output fails. */
    private int send(WinScratch s, MemorySegment memory, int n) throws IOException {
        int sent;
        guard.acquire();
        try {
            sent = Win32Calls.send(s.state, socket, memory, n, 0);
        } finally {
            guard.release();
        }
        if (sent < 0) {
            if (Win32Calls.wsaLastError(s.state) != Win32.WSAEWOULDBLOCK) {
                throw failure("send", s);
            }
            wouldBlock(Readiness.WRITABLE);
            return 0;
        }
        return sent;
    }

    @Override
    public void shutdown(Shutdown how) throws IOException {
        WinScratch s = WinScratch.get();
        int sd = how == Shutdown.READ ? Win32.SD_RECEIVE : how == Shutdown.WRITE ? Win32.SD_SEND : Win32.SD_BOTH;
        int r;
        guard.acquire();
        try {
            r = Win32Calls.shutdown(s.state, socket, sd);
        } finally {
            guard.release();
        }
        if (how != Shutdown.WRITE) {
            inputShut = true;
        }
        if (r != 0) {
            int error = Win32Calls.wsaLastError(s.state);
            // not connected: a failed connect is an error; a finished connection shuts down quietly
            if (error != Win32.WSAENOTCONN || connect.failed()) {
                throw WinError.exception("shutdown(" + how + ")", error, false);
            }
        }
    }

    /** {@return the connect's state}: peerAddress and takeError are NativeStreamIo's, over it */
    @Override
    public ConnectState<A> connectState() {
        return connect;
    }

    @Override
    String kind() {
        return family == Win32.AF_UNIX ? "UnixStream" : "TcpStream";
    }
}
