package io.mio.spi;

import io.mio.net.Shutdown;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A backend's datagram socket: what {@code UdpSocket} and {@code UnixDatagram} hold. The methods
 * have the contract of the API methods of the same name ({@link io.mio.net.DatagramEndpoint},
 * {@link io.mio.net.UdpSocket}), with their arguments already checked; see {@link SocketIo} for
 * the closed check. Would-block is {@code false}, {@code -1} or {@code null}: an empty datagram is
 * legal. A few methods belong to one family ({@code shutdown} to Unix-domain sockets, peeks and
 * multicast to UDP): the API type of the other family never calls them, so a class that serves
 * one family only may throw {@link UnsupportedOperationException} there.
 *
 * @param <A> the address type
 */
public interface DatagramIo<A extends SocketAddress> extends SocketIo<A> {
    /**
     * Sets the peer of {@link #send} and {@link #recv}; datagrams from others are then dropped.
     *
     * @param peer the peer
     * @throws IOException if the socket is closed or the call fails
     */
    void connect(A peer) throws IOException;

    /**
     * Sends one datagram.
     *
     * @param src the datagram
     * @param target where to, or {@code null} for the connected peer
     * @return true if sent, false if it would block
     * @throws IOException if the socket is closed, not connected (for a null target) or the send fails
     */
    boolean send(ByteBuffer src, A target) throws IOException;

    /**
     * Receives one datagram (from the connected peer, where one is set).
     *
     * @param dst a writable buffer; a longer datagram is truncated
     * @param peek whether to leave the datagram queued (a peek, UDP only)
     * @return its length, or -1 if none is waiting
     * @throws IOException if the socket is closed or the receive fails
     */
    int recv(ByteBuffer dst, boolean peek) throws IOException;

    /**
     * Receives one datagram and its sender.
     *
     * @param dst a writable buffer; a longer datagram is truncated
     * @param peek whether to leave the datagram queued (a peek, UDP only)
     * @return the sender, or {@code null} if none is waiting
     * @throws IOException if the socket is closed or the receive fails
     */
    A receive(ByteBuffer dst, boolean peek) throws IOException;

    /**
     * {@return the connected peer, or {@code null}}
     *
     * @throws IOException if the socket is closed
     */
    A peerAddress() throws IOException;

    /**
     * Shuts down reading, writing or both (Unix-domain datagrams).
     *
     * @param how which
     * @throws IOException if the socket is closed or the call fails
     */
    void shutdown(Shutdown how) throws IOException;

    /**
     * Joins a multicast group (UDP).
     *
     * @param group a multicast address
     * @param networkInterface the interface, or {@code null} for the system's choice
     * @throws IOException if the socket is closed or joining fails
     */
    void joinMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException;

    /**
     * Leaves a multicast group (UDP).
     *
     * @param group a multicast address
     * @param networkInterface the interface it was joined on, or {@code null}
     * @throws IOException if the socket is closed or leaving fails
     */
    void leaveMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException;
}
