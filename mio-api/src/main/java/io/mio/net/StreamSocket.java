package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.StreamIo;

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
 * <p>Every backend behaves alike in the corners (the TCK's {@code BackendAgreementTest} and its
 * differential fuzzer hold them to it): a connection reset is reported once, by the call that meets
 * it first, and reads after it return end of stream; a stream closed with bytes unread (read or
 * peeked) resets the connection, as the kernel does; a write after {@code shutdown(WRITE)} throws
 * an {@link IOException} for a broken pipe, never a {@link java.nio.channels.ClosedChannelException},
 * which means that the source is closed (closed by another thread during the call included); the
 * exceptions of failed calls name the call and, where one was given, the address.
 *
 * @param <A> the address type
 */
public abstract sealed class StreamSocket<A extends SocketAddress> extends NetSocket permits TcpStream, UnixStream {
    /** The backend's stream; every call goes through it. */
    final StreamIo<A> io;

    StreamSocket(StreamIo<A> io) {
        super(io);
        this.io = io;
    }

    /**
     * Reads into {@code dst}.
     *
     * @param dst where to store the bytes
     * <p>After {@link #shutdown shutdown(READ)} every read returns -1, whatever was queued before
     * or arrives after; after a reset has been thrown once, reads return -1.
     *
     * @return the bytes read, 0 if none are available (would block), -1 at end of stream
     * @throws IOException if the socket is closed or the read fails (e.g. connection reset)
     */
    public final int read(ByteBuffer dst) throws IOException {
        IoSource.checkReadTarget(dst);
        return io.read(dst);
    }

    /**
     * Reads into several buffers in order, in one system call where the backend can (vectored).
     * Empty buffers are skipped: they count toward no limit of the system call (as in the JDK), so
     * any number of them before a buffer with room is harmless.
     *
     * @param dsts where to store the bytes
     * @return the bytes read, 0 if none are available, -1 at end of stream
     * @throws IOException if the socket is closed or the read fails
     */
    public final long read(ByteBuffer[] dsts) throws IOException {
        IoSource.checkReadTargets(dsts);
        return io.read(dsts);
    }

    /**
     * Writes from {@code src}.
     *
     * @param src the bytes to write
     * <p>An empty write still asks the kernel: it returns 0 on a healthy connection and throws a
     * broken pipe after {@link #shutdown shutdown(WRITE)}, as Linux and mio do.
     *
     * @return the bytes written, 0 if none could be (would block)
     * @throws IOException if the socket is closed or the write fails (e.g. broken pipe, also after
     *         {@code shutdown(WRITE)})
     */
    public final int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "buffer");
        return io.write(src);
    }

    /**
     * Writes from several buffers in order, in one system call where the backend can (vectored).
     * Empty buffers are skipped, as by {@link #read(ByteBuffer[])}.
     *
     * @param srcs the bytes to write
     * @return the bytes written, 0 if none could be
     * @throws IOException if the socket is closed or the write fails
     */
    public final long write(ByteBuffer[] srcs) throws IOException {
        IoSource.checkWriteSources(srcs);
        return io.write(srcs);
    }

    /**
     * Shuts down one or both halves of the connection; the peer sees read-closed or write-closed.
     *
     * <p>After {@code READ} (or {@code BOTH}) reads return end of stream on every backend, as
     * Rust documents for {@code Shutdown::Read} ("future reads return 0") and as the JDK does,
     * although Linux would still hand out bytes queued before or arriving after it: those bytes are
     * dropped. Mind that Linux resets a TCP connection when bytes arrive after both halves were shut
     * down, and a Unix-domain peer's write after {@code READ} fails with a broken pipe. After
     * {@code WRITE} (or {@code BOTH}) writes throw a broken pipe. Shutting down a connection that
     * is over already (both sides sent FIN, or it was reset) returns normally, as the JDK does.
     *
     * @param how which half
     * @throws IOException if the socket is closed or not connected yet
     */
    public final void shutdown(Shutdown how) throws IOException {
        Objects.requireNonNull(how, "how");
        io.shutdown(how);
    }

    /**
     * {@return the local address}
     *
     * @throws IOException if the socket is closed
     */
    public final A localAddress() throws IOException {
        return io.localAddress();
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
        return io.peerAddress();
    }
}
