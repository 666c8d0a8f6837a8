package io.mio.selector;

import io.mio.Interest;
import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.spi.Readiness;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The stream operations shared by TCP and Unix-domain streams over a {@link SocketChannel}: reads
 * and writes that re-arm the edge when they would block, the non-blocking connect, and peek.
 *
 * <p>The JDK has no {@code MSG_PEEK}, so {@link #peek} reads into a small buffer of this stream and
 * reads drain that buffer before the channel. The selector cannot see bytes held there, so a peek
 * that takes bytes from the channel asks the poll to report the stream readable, as a readiness
 * left alone by {@code MSG_PEEK} would be. Reading and writing are for one thread at a time
 * each, as with a {@code SocketChannel}.
 *
 * <p>One class for TCP and Unix-domain streams: they differ only in how addresses convert.
 *
 * @param <A> the address type
 */
final class ChannelStream<A extends SocketAddress> extends ChannelSocket<A> implements StreamIo<A> {
    /** What peek reads ahead at most. */
    private static final int PEEK_CAPACITY = 64 * 1024;

    final SocketChannel socket;
    /** Guards the connect's completion and the pending error. */
    private final Object connectLock = new Object();
    /** The error {@code takeError} returns next; guarded by connectLock. */
    private IOException pendingError;
    /** Why the connect failed; the JDK then closed the channel. Guarded by connectLock. */
    private IOException connectFailure;
    /** Bytes peeked but not read yet, in read mode; allocated by the first peek. */
    private ByteBuffer peeked;
    /**
     * Whether a read threw (a reset): later reads return end of stream, as the kernel answers once
     * it has reported the error (and as the native backends and mio do), where the JDK would throw
     * the reset again. Reader thread only.
     */
    private boolean readFailed;

    /** An end of {@code unixStreamPair}: unnamed, as with {@code socketpair(2)}, whatever path made it. */
    private final boolean pairEnd;

    /**
     * @param provider the backend
     * @param socket the channel, non-blocking
     * @param connecting whether a connect is in progress
     * @param unix whether it is a Unix-domain stream
     * @param pairEnd whether it is an end of a pair (unnamed addresses)
     */
    ChannelStream(SelectorPollProvider provider, SocketChannel socket, boolean connecting, boolean unix,
                  boolean pairEnd) {
        super(provider, socket, unix);
        this.socket = socket;
        this.connecting = connecting;
        this.pairEnd = pairEnd;
    }

    @Override
    String kind() {
        return unix ? "UnixStream" : "TcpStream";
    }

    // ---- connect ----

    @Override
    int completeConnect(boolean connectReady) {
        Interest wanted = interests;
        int writable = wanted != null && wanted.isWritable() ? Readiness.WRITABLE : 0;
        int state = finishConnect();
        if (state < 0) {
            return Readiness.ERROR | writable;
        }
        if (state == 0 && connectReady) {
            rearm(SelectionKey.OP_CONNECT); // spurious: still connecting
        }
        return state > 0 && connectReady ? writable : 0;
    }

    /**
     * Completes a pending connect without blocking.
     *
     * @return 1 if connected, 0 if still connecting, -1 if the connect failed (the error pending)
     */
    private int finishConnect() {
        synchronized (connectLock) {
            if (connectFailure != null) {
                return -1;
            }
            if (!connecting) {
                return 1;
            }
            try {
                if (!socket.finishConnect()) {
                    return 0;
                }
            } catch (IOException e) {
                connectFailure = e;
                pendingError = e;
                connecting = false;
                releaseClosedChannel();
                return -1;
            }
            connecting = false;
        }
        connectedNowWritable();
        return 1;
    }

    /** The JDK closed the channel on the failed connect: its poll must flush to release it. */
    private void releaseClosedChannel() {
        SelectorPoll lastPoll = keyPoll;
        if (lastPoll != null) {
            try {
                lastPoll.requestFlush();
            } catch (IOException e) {
                pendingError.addSuppressed(e);
            }
        }
    }

    /**
     * Once connected, {@code OP_WRITE} stands for writable instead of {@code OP_CONNECT}, which a
     * connected channel never reports (its {@code POLLOUT} would keep waking the selector).
     */
    private void connectedNowWritable() {
        synchronized (this) {
            Interest wanted = interests;
            if ((ops & SelectionKey.OP_CONNECT) == 0 || wanted == null) {
                return;
            }
            ops = opsFor(wanted); // no longer connecting: OP_WRITE if writable is wanted
            SelectionKey registered = key;
            try {
                if (registered != null && (registered.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                    // completed outside decoding: the edge was not reported, so arm OP_WRITE
                    registered.interestOps((registered.interestOps() & ~SelectionKey.OP_CONNECT)
                            | (ops & SelectionKey.OP_WRITE));
                    SelectorPoll registeredWith = poll;
                    if (registeredWith != null) {
                        registeredWith.wakeIfSelecting();
                    }
                }
            } catch (CancelledKeyException closedMeanwhile) {
                // closed by another thread: nothing to arm
            }
        }
    }

    /**
     * Makes sure the stream is connected before a read or write.
     *
     * @return false if the connect is still in progress (would block)
     * @throws IOException if the connect failed
     */
    private boolean ensureConnected() throws IOException {
        int state = finishConnect();
        if (state < 0) {
            throw connectError();
        }
        return state > 0;
    }

    /**
     * Whether an operation would block because the connect is still in progress; the edge of
     * {@code op} is then re-armed.
     *
     * @throws IOException if the connect failed
     */
    private boolean connectPending(int op) throws IOException {
        if (connecting && !ensureConnected()) {
            rearm(op);
            return true;
        }
        return false;
    }

    /** A fresh exception for an operation after a failed connect; consumes the pending error. */
    private IOException connectError() {
        synchronized (connectLock) {
            pendingError = null;
            ConnectException e = new ConnectException(connectFailure.getMessage());
            e.initCause(connectFailure);
            return e;
        }
    }

    private boolean failedConnect() {
        synchronized (connectLock) {
            return connectFailure != null;
        }
    }

    @Override
    public IOException takeError() throws IOException {
        ensureOpen();
        synchronized (connectLock) {
            IOException e = pendingError;
            pendingError = null;
            return e;
        }
    }

    /**
     * @return the peer's address, or null while connecting
     * @throws IOException if the connect failed or the channel is closed
     */
    @Override
    public A peerAddress() throws IOException {
        ensureOpen();
        return ensureConnected() ? named(socket.getRemoteAddress()) : null;
    }

    /** @return the address as this family's; unnamed for both addresses of a pair end */
    @SuppressWarnings("unchecked")
    private A named(SocketAddress jdk) {
        return pairEnd ? (A) UnixAddress.unnamed() : address(jdk);
    }

    /**
     * The JDK learns the local address of a connecting channel only when the connect completes, so
     * try to complete it first (on loopback it usually has).
     *
     * @return the local address, or null while still connecting
     * @throws IOException if the connect failed or the channel is closed
     */
    @Override
    public A localAddress() throws IOException {
        ensureOpen();
        if (connecting) {
            ensureConnected();
        }
        return named(socket.getLocalAddress());
    }

    // ---- read, peek, write ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (peeked != null && peeked.hasRemaining()) {
            return drainPeeked(dst);
        }
        if (readFailed) {
            return -1;
        }
        if (connectPending(SelectionKey.OP_READ)) {
            return 0;
        }
        try {
            return readRearming(socket, dst);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        ensureOpen();
        if (peeked != null && peeked.hasRemaining()) {
            long n = 0;
            for (ByteBuffer dst : dsts) {
                n += drainPeeked(dst);
            }
            return n;
        }
        if (readFailed) {
            return -1;
        }
        if (connectPending(SelectionKey.OP_READ)) {
            return 0;
        }
        try {
            return readRearming(socket, dsts);
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Remembers that a read on the open channel failed; see {@link #readFailed}. */
    private IOException readFailure(IOException e) {
        if (socket.isOpen()) {
            readFailed = true;
        }
        return e;
    }

    /**
     * A stream closed with peeked bytes unread is reset, as the kernel resets a connection closed
     * with unread data: the bytes were taken from the kernel, so it would close gracefully.
     */
    @Override
    void beforeClose() {
        if (holdsInput() && socket.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            try {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends a reset
            } catch (IOException | RuntimeException e) {
                // closing gracefully is the lesser difference; the close goes on
            }
        }
    }

    @Override
    boolean holdsInput() {
        ByteBuffer held = peeked;
        return held != null && held.hasRemaining();
    }

    /** Copies peeked bytes into {@code dst}, consuming them. */
    private int drainPeeked(ByteBuffer dst) {
        int n = copyPeeked(dst);
        peeked.position(peeked.position() + n);
        return n;
    }

    /** Copies peeked bytes into {@code dst} without consuming them. */
    private int copyPeeked(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), peeked.remaining());
        dst.put(dst.position(), peeked, peeked.position(), n);
        dst.position(dst.position() + n);
        return n;
    }

    /**
     * Copies up to {@code dst.remaining()} bytes that a read would return, without consuming them:
     * reads ahead into this stream's peek buffer (at most 64 KiB) where it holds fewer.
     */
    @Override
    public int peek(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (peeked == null) {
            peeked = ByteBuffer.allocate(PEEK_CAPACITY).limit(0);
        }
        if (peeked.remaining() < dst.remaining() && peeked.remaining() < peeked.capacity()) {
            if (readFailed && !peeked.hasRemaining()) {
                return -1;
            }
            if (connectPending(SelectionKey.OP_READ)) {
                return 0;
            }
            peeked.compact();
            int n;
            try {
                n = socket.read(peeked);
            } catch (ClosedChannelException e) {
                throw translate(e, "peek");
            } catch (IOException e) {
                throw readFailure(e);
            } finally {
                peeked.flip();
            }
            if (n > 0) {
                postHeldInput(); // the selector no longer sees these bytes: the poll reports them
            }
            if (n < 0 && !peeked.hasRemaining()) {
                return -1;
            }
            if (n == 0 && !peeked.hasRemaining()) {
                rearm(SelectionKey.OP_READ);
                return 0;
            }
        }
        return copyPeeked(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureOpen();
        if (connectPending(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) { // whichever stands for writable
            return 0;
        }
        return writeRearming(socket, src);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        ensureOpen();
        if (connectPending(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) { // whichever stands for writable
            return 0;
        }
        return writeRearming(socket, srcs);
    }

    @Override
    public void shutdown(Shutdown how) throws IOException {
        ensureOpen();
        if (connecting) {
            ensureConnected();
        }
        try {
            if (how != Shutdown.WRITE) {
                socket.shutdownInput();
                if (peeked != null) {
                    peeked.position(peeked.limit()); // reads after shutdown(READ) end, peeked bytes too
                }
            }
            if (how != Shutdown.READ) {
                socket.shutdownOutput();
            }
        } catch (NotYetConnectedException e) {
            throw (SocketException) new SocketException("cannot shut down " + how + ": not connected yet").initCause(e);
        } catch (ClosedChannelException e) {
            if (failedConnect()) { // the JDK closed the channel of the failed connect; the source is open
                throw (SocketException) new SocketException("cannot shut down " + how + ": not connected").initCause(e);
            }
            throw translate(e, "shutdown(" + how + ")"); // closed by another thread meanwhile
        }
    }
}
