package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.DatagramIo;

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
public abstract sealed class DatagramEndpoint<A extends SocketAddress> extends NetSocket
        permits UdpSocket, UnixDatagram {
    /** The backend's socket; every call goes through it. */
    final DatagramIo<A> io;

    DatagramEndpoint(DatagramIo<A> io) {
        super(io);
        this.io = io;
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
        io.connect(peer);
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
        return io.send(src, null);
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
        return io.send(src, target);
    }

    /**
     * Receives one datagram from the connected peer.
     *
     * @param dst where to store it
     * @return its length (0 for an empty datagram), or -1 if none is waiting (would block)
     * @throws IOException if the socket is closed or the receive fails
     */
    public final int recv(ByteBuffer dst) throws IOException {
        IoSource.checkReadTarget(dst);
        return io.recv(dst, false);
    }

    /**
     * Receives one datagram and its sender's address.
     *
     * @param dst where to store it
     * @return the sender, or {@code null} if none is waiting (would block)
     * @throws IOException if the socket is closed or the receive fails
     */
    public final A receive(ByteBuffer dst) throws IOException {
        IoSource.checkReadTarget(dst);
        return io.receive(dst, false);
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
     * {@return the connected peer's address, or {@code null} if not connected}
     *
     * @throws IOException if the socket is closed
     */
    public final A peerAddress() throws IOException {
        return io.peerAddress();
    }
}
