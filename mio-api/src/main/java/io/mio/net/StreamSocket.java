package io.mio.net;

import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A connected, non-blocking byte stream: {@link TcpStream} or {@link UnixStream}.
 *
 * <p>As {@link java.nio.channels.SocketChannel}: a read returns the bytes read, {@code 0} when it
 * would block and {@code -1} at end of stream; a write returns the bytes written, {@code 0} when it
 * would block. A read or write that would block re-arms the edge (see {@link io.mio.Registry}).
 *
 * @param <A> the address type
 */
public abstract class StreamSocket<A extends SocketAddress> extends NetSocket {
    /**
     * For backends.
     *
     * @param provider the backend that creates the socket
     */
    protected StreamSocket(PollProvider provider) {
        super(provider);
    }

    /**
     * Reads into {@code dst}.
     *
     * @param dst where to store the bytes
     * @return the bytes read, 0 if none are available (would block), -1 at end of stream
     * @throws IOException if the socket is closed or the read fails (e.g. connection reset)
     */
    public final int read(ByteBuffer dst) throws IOException {
        checkReadTarget(dst);
        ensureOpen();
        return implRead(dst);
    }

    /**
     * Reads into several buffers in order, in one system call where the backend can (vectored).
     *
     * @param dsts where to store the bytes
     * @return the bytes read, 0 if none are available, -1 at end of stream
     * @throws IOException if the socket is closed or the read fails
     */
    public final long read(ByteBuffer[] dsts) throws IOException {
        checkReadTargets(dsts);
        ensureOpen();
        return implRead(dsts);
    }

    /**
     * Writes from {@code src}.
     *
     * @param src the bytes to write
     * @return the bytes written, 0 if none could be (would block)
     * @throws IOException if the socket is closed or the write fails (e.g. broken pipe)
     */
    public final int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "buffer");
        ensureOpen();
        return implWrite(src);
    }

    /**
     * Writes from several buffers in order, in one system call where the backend can (vectored).
     *
     * @param srcs the bytes to write
     * @return the bytes written, 0 if none could be
     * @throws IOException if the socket is closed or the write fails
     */
    public final long write(ByteBuffer[] srcs) throws IOException {
        checkWriteSources(srcs);
        ensureOpen();
        return implWrite(srcs);
    }

    /**
     * Shuts down one or both halves of the connection; the peer sees read-closed or write-closed.
     *
     * @param how which half
     * @throws IOException if the socket is closed or not connected
     */
    public final void shutdown(Shutdown how) throws IOException {
        Objects.requireNonNull(how, "how");
        ensureOpen();
        implShutdown(how);
    }

    /**
     * {@return the local address}
     *
     * @throws IOException if the socket is closed
     */
    public final A localAddress() throws IOException {
        ensureOpen();
        return implLocalAddress();
    }

    /**
     * Returns the peer's address. While a non-blocking connect is in progress this returns
     * {@code null}: after a writable event, a non-null peer address (and no
     * {@link #takeError() error}) means the connection is established.
     *
     * @return the peer's address, or {@code null} if not connected yet
     * @throws IOException if the socket is closed, or the connect failed
     */
    public final A peerAddress() throws IOException {
        ensureOpen();
        return implPeerAddress();
    }

    /**
     * Reads into one buffer.
     *
     * @param dst a writable buffer
     * @return as {@link #read(ByteBuffer)}
     * @throws IOException if the read fails
     */
    protected abstract int implRead(ByteBuffer dst) throws IOException;

    /**
     * Reads into several buffers.
     *
     * @param dsts writable buffers
     * @return as {@link #read(ByteBuffer[])}
     * @throws IOException if the read fails
     */
    protected abstract long implRead(ByteBuffer[] dsts) throws IOException;

    /**
     * Writes from one buffer.
     *
     * @param src the bytes
     * @return as {@link #write(ByteBuffer)}
     * @throws IOException if the write fails
     */
    protected abstract int implWrite(ByteBuffer src) throws IOException;

    /**
     * Writes from several buffers.
     *
     * @param srcs the bytes
     * @return as {@link #write(ByteBuffer[])}
     * @throws IOException if the write fails
     */
    protected abstract long implWrite(ByteBuffer[] srcs) throws IOException;

    /**
     * Shuts down a half.
     *
     * @param how which
     * @throws IOException if that fails
     */
    protected abstract void implShutdown(Shutdown how) throws IOException;

    /**
     * {@return the local address}
     *
     * @throws IOException if that fails
     */
    protected abstract A implLocalAddress() throws IOException;

    /**
     * {@return the peer's address, or {@code null} while connecting}
     *
     * @throws IOException if that fails
     */
    protected abstract A implPeerAddress() throws IOException;
}
