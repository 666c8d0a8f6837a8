package io.mio.spi;

import io.mio.ClosedSourceException;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * What a stream over a native socket knows of its connect, and the {@link StreamIo#peerAddress()}
 * and {@link SocketIo#takeError()} built on it, written once for every backend that reads the
 * socket's {@code getpeername} and {@code SO_ERROR} itself (the POSIX layer and the Windows driver;
 * the JDK's channels keep this state themselves). A {@link NativeStreamIo} holds one and answers
 * those two calls with it.
 *
 * <p>A non-blocking connect is finished when the peer's name can be read. Until then, a pending
 * {@code SO_ERROR} tells a failed connect from one still in progress: the failure is thrown by
 * {@code peerAddress} and kept, because reading {@code SO_ERROR} clears it, so that the next
 * {@code takeError} still returns it, and {@code peerAddress} keeps failing: the stream stays failed,
 * as mio's. Errors of a stream whose connect is not finished name the connect and its target.
 *
 * <p>Thread-safe: the fields are volatile, and racing calls at worst read {@code SO_ERROR} once
 * each, which the kernel serializes.
 *
 * @param <A> the address type
 */
public final class ConnectState<A extends SocketAddress> {
    /** How messages name the address a connect was started to; null for a stream that was not connected by us. */
    private final String target;
    /** The peer, once known: it never changes, so it is read once. */
    private volatile A peer;
    /** The error code of a failed connect, once seen; the stream stays failed. */
    private volatile int connectError;
    /** An SO_ERROR that {@link #peerAddress} read (reading clears it), kept for {@link #takeError}. */
    private volatile int pendingError;

    /**
     * Creates the state of a new stream.
     *
     * @param target how messages name the address a non-blocking connect was started to (such as
     *               {@code "127.0.0.1:80"}); null for a stream that is connected already (accepted,
     *               or one of a pair)
     */
    public ConnectState(String target) {
        this.target = target;
    }

    /** {@return how messages name the address the connect was started to, or null if none was} */
    public String target() {
        return target;
    }

    /** {@return whether the connect failed: a stream that never connected} */
    public boolean failed() {
        return connectError != 0;
    }

    /**
     * {@link StreamIo#peerAddress()}: the peer, or null while connecting.
     *
     * @param socket the stream this state belongs to
     * @return the peer, or null while the connect is in progress
     * @throws IOException if the stream is closed, or the connect failed (now or before)
     */
    public A peerAddress(NativeSocketIo<A> socket) throws IOException {
        A known = peer;
        if (known != null || connectError != 0) {
            ensureOpen(socket); // answered without the socket
            if (known != null) {
                return known;
            }
            throw failure(socket, connectError);
        }
        known = socket.name(true);
        if (known != null) {
            peer = known;
            return known;
        }
        if (target != null) {
            int code = socket.takeErrorCode();
            if (code != 0) {
                connectError = code;
                pendingError = code;
                throw failure(socket, code);
            }
        }
        return null;
    }

    /**
     * {@link SocketIo#takeError()} of the stream: the error {@link #peerAddress} saw first, then
     * {@code SO_ERROR}.
     *
     * @param socket the stream this state belongs to
     * @return the pending error as an exception, or null
     * @throws IOException if the stream is closed or reading the error fails
     */
    public IOException takeError(NativeSocketIo<A> socket) throws IOException {
        int code = pendingError;
        if (code != 0) {
            ensureOpen(socket); // answered without the socket
            pendingError = 0;
            return failure(socket, code);
        }
        code = socket.takeErrorCode();
        if (code == 0) {
            return null;
        }
        if (target != null && peer == null) {
            connectError = code;
        }
        return failure(socket, code);
    }

    private IOException failure(NativeSocketIo<A> socket, int code) {
        return socket.failure(target != null && peer == null ? "connect(" + target + ")" : "socket error (SO_ERROR)", code);
    }

    private static void ensureOpen(NativeSocketIo<?> socket) throws ClosedSourceException {
        if (!socket.isOpen()) {
            throw new ClosedSourceException(socket);
        }
    }
}
