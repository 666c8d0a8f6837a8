package io.mio.iocp;

import io.mio.net.Shutdown;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A TCP stream on a Winsock socket: connecting ({@link IocpProvider#connectTcpStream}) or accepted
 * by a {@link WinListener}. Data goes through the thread's native scratch, 64 KiB per call at most.
 */
final class WinStream extends WinSocket implements StreamIo<InetSocketAddress> {
    /** The address a connect was started to; null for an accepted stream. */
    private final InetSocketAddress target;
    /** Reads after shutdown(READ) are end of stream without a call (Windows would still return queued data). */
    private volatile boolean inputShut;
    /** The peer, once known. */
    private volatile InetSocketAddress peer;
    /** The error of a failed connect, once seen; the stream stays failed. */
    private volatile int connectError;
    /** An SO_ERROR that peerAddress() read (reading clears it), kept for takeError(). */
    private volatile int pendingError;

    WinStream(PollProvider provider, long socket, long base, int family, InetSocketAddress target) {
        super(provider, socket, base, family, STREAM_OPTIONS);
        this.target = target;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (inputShut) {
            return endOfInput();
        }
        if (!dst.hasRemaining()) {
            ensureOpen();
            return 0;
        }
        return receive(dst, null, Math.min(dst.remaining(), WinScratch.DATA), 0);
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        if (inputShut) {
            return endOfInput();
        }
        long room = 0;
        for (ByteBuffer dst : dsts) {
            room += dst.remaining();
        }
        if (room == 0) {
            ensureOpen();
            return 0;
        }
        return receive(null, dsts, (int) Math.min(room, WinScratch.DATA), 0);
    }

    @Override
    public int peek(ByteBuffer dst) throws IOException {
        if (inputShut) {
            return endOfInput();
        }
        if (!dst.hasRemaining()) {
            ensureOpen();
            return 0;
        }
        return receive(dst, null, Math.min(dst.remaining(), WinScratch.DATA), Win32.MSG_PEEK);
    }

    /** One recv into the scratch, then into {@code dst} or spread over {@code dsts}. */
    private int receive(ByteBuffer dst, ByteBuffer[] dsts, int room, int flags) throws IOException {
        WinScratch s = WinScratch.get();
        int n;
        long socket = acquire();
        try {
            n = Win32Calls.recv(s.state, socket, s.data, room, flags);
        } finally {
            release();
        }
        if (n < 0) {
            if (Win32Calls.wsaLastError(s.state) != Win32.WSAEWOULDBLOCK) {
                throw failure("recv", s);
            }
            if (flags == 0) {
                wouldBlock(Readiness.READABLE);
            }
            return 0;
        }
        if (n == 0) {
            return -1;
        }
        if (flags == Win32.MSG_PEEK) {
            MemorySegment.copy(s.data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, MemorySegment.ofBuffer(dst),
                    java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n); // a peek leaves dst's position alone
            return n;
        }
        if (dst != null) {
            scatter(s.data, n, dst);
            return n;
        }
        int done = 0;
        for (ByteBuffer d : dsts) {
            int part = Math.min(d.remaining(), n - done);
            if (part > 0) {
                scatter(s.data.asSlice(done), part, d);
                done += part;
            }
        }
        return n;
    }

    /** A read after shutdown(READ): end of stream, without the socket, so the closed check is here. */
    private int endOfInput() throws IOException {
        ensureOpen();
        return -1;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        WinScratch s = WinScratch.get();
        int n = gather(src, s.data);
        int sent = send(s, n);
        src.position(src.position() + sent);
        return sent;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        WinScratch s = WinScratch.get();
        int n = 0;
        for (ByteBuffer src : srcs) {
            int part = Math.min(src.remaining(), WinScratch.DATA - n);
            MemorySegment.copy(MemorySegment.ofBuffer(src), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, s.data,
                    java.lang.foreign.ValueLayout.JAVA_BYTE, n, part);
            n += part;
        }
        int sent = send(s, n);
        int left = sent;
        for (ByteBuffer src : srcs) {
            int part = Math.min(src.remaining(), left);
            src.position(src.position() + part);
            left -= part;
        }
        return sent;
    }

    /** One send of the first {@code n} scratch bytes; even an empty one, so a shut output fails. */
    private int send(WinScratch s, int n) throws IOException {
        int sent;
        long socket = acquire();
        try {
            sent = Win32Calls.send(s.state, socket, s.data, n, 0);
        } finally {
            release();
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
        long socket = acquire();
        try {
            r = Win32Calls.shutdown(s.state, socket, sd);
        } finally {
            release();
        }
        if (how != Shutdown.WRITE) {
            inputShut = true;
        }
        if (r != 0) {
            int error = Win32Calls.wsaLastError(s.state);
            // not connected: a failed connect is an error; a finished connection shuts down quietly
            if (error != Win32.WSAENOTCONN || connectError != 0) {
                throw WinError.exception("shutdown(" + how + ")", error, false);
            }
        }
    }

    /**
     * The peer, or null while connecting. When getpeername says "not connected" on a stream that
     * was connecting, SO_ERROR tells a failed connect (thrown, and kept for takeError) from one
     * still in progress.
     */
    @Override
    public InetSocketAddress peerAddress() throws IOException {
        InetSocketAddress known = peer;
        if (known != null || connectError != 0) {
            ensureOpen();
            if (known != null) {
                return known;
            }
            throw error(connectError);
        }
        known = name(true);
        if (known != null) {
            peer = known;
            return known;
        }
        if (target != null) {
            int error = takeErrorCode();
            if (error != 0) {
                connectError = error;
                pendingError = error;
                throw error(error);
            }
        }
        return null;
    }

    @Override
    public IOException takeError() throws IOException {
        int error = pendingError;
        if (error != 0) {
            ensureOpen();
            pendingError = 0;
            return error(error);
        }
        error = takeErrorCode();
        if (error == 0) {
            return null;
        }
        if (target != null && peer == null) {
            connectError = error;
        }
        return error(error);
    }

    private IOException error(int error) {
        return target != null && peer == null
                ? WinError.exception("connect(" + text(target) + ")", error, false)
                : WinError.exception("socket error (SO_ERROR)", error, false);
    }

    @Override
    String kind() {
        return "TcpStream";
    }
}
