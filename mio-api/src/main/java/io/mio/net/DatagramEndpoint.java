package io.mio.net;

import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A non-blocking datagram socket: {@link UdpSocket} or {@link UnixDatagram}.
 *
 * <p>Empty datagrams are legal, so would-block cannot be signalled by a count of zero as for streams:
 * sends return {@code false} when they would block, {@link #recv} returns {@code -1} and
 * {@link #receive} {@code null} when no datagram is waiting. A datagram longer than the buffer is
 * truncated, as with {@code recv(2)}.
 *
 * @param <A> the address type
 */
public abstract class DatagramEndpoint<A extends SocketAddress> extends NetSocket {
    /**
     * For backends.
     *
     * @param provider the backend that creates the socket
     */
    protected DatagramEndpoint(PollProvider provider) {
        super(provider);
    }

    /**
     * Connects the socket: {@link #send} and {@link #recv} then use {@code peer}, and datagrams from
     * elsewhere are dropped. Connecting again replaces the peer. Whether errors from the peer's host
     * are reported depends on the backend: see {@link UdpSocket}'s portability note.
     *
     * @param peer the peer's address
     * @throws IOException if the socket is closed or the call fails
     */
    public final void connect(A peer) throws IOException {
        Objects.requireNonNull(peer, "peer");
        ensureOpen();
        implConnect(peer);
    }

    /**
     * Sends {@code src} as one datagram to the connected peer.
     *
     * @param src the datagram
     * @return true if it was sent, false if it would block
     * @throws IOException if the socket is closed, not connected, or the send fails
     */
    public final boolean send(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "buffer");
        ensureOpen();
        return implSend(src, null);
    }

    /**
     * Sends {@code src} as one datagram to {@code target}.
     *
     * @param src the datagram
     * @param target where to send it
     * @return true if it was sent, false if it would block
     * @throws IOException if the socket is closed or the send fails
     */
    public final boolean sendTo(ByteBuffer src, A target) throws IOException {
        Objects.requireNonNull(src, "buffer");
        Objects.requireNonNull(target, "target");
        ensureOpen();
        return implSend(src, target);
    }

    /**
     * Receives one datagram from the connected peer.
     *
     * @param dst where to store it
     * @return its length (0 for an empty datagram), or -1 if none is waiting (would block)
     * @throws IOException if the socket is closed or the receive fails
     */
    public final int recv(ByteBuffer dst) throws IOException {
        checkReadTarget(dst);
        ensureOpen();
        return implRecv(dst);
    }

    /**
     * Receives one datagram and its sender's address.
     *
     * @param dst where to store it
     * @return the sender, or {@code null} if none is waiting (would block)
     * @throws IOException if the socket is closed or the receive fails
     */
    public final A receive(ByteBuffer dst) throws IOException {
        checkReadTarget(dst);
        ensureOpen();
        return implReceive(dst);
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
     * {@return the connected peer's address, or {@code null} if not connected}
     *
     * @throws IOException if the socket is closed
     */
    public final A peerAddress() throws IOException {
        ensureOpen();
        return implPeerAddress();
    }

    /**
     * Connects.
     *
     * @param peer the peer
     * @throws IOException if that fails
     */
    protected abstract void implConnect(A peer) throws IOException;

    /**
     * Sends one datagram.
     *
     * @param src the datagram
     * @param target the target, or {@code null} for the connected peer
     * @return whether it was sent
     * @throws IOException if that fails
     */
    protected abstract boolean implSend(ByteBuffer src, A target) throws IOException;

    /**
     * Receives one datagram from the connected peer.
     *
     * @param dst where to store it
     * @return its length, or -1
     * @throws IOException if that fails
     */
    protected abstract int implRecv(ByteBuffer dst) throws IOException;

    /**
     * Receives one datagram.
     *
     * @param dst where to store it
     * @return the sender, or {@code null}
     * @throws IOException if that fails
     */
    protected abstract A implReceive(ByteBuffer dst) throws IOException;

    /**
     * {@return the local address}
     *
     * @throws IOException if that fails
     */
    protected abstract A implLocalAddress() throws IOException;

    /**
     * {@return the peer, or {@code null}}
     *
     * @throws IOException if that fails
     */
    protected abstract A implPeerAddress() throws IOException;
}
