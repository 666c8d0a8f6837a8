package io.mio.net;

import io.mio.IoSource;
import io.mio.spi.DatagramIo;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A non-blocking UDP socket, connected or not; see {@link DatagramEndpoint} for would-block.
 *
 * <p>Portability of a connected socket ({@link #connect}): where the backend has
 * {@link io.mio.spi.Capability#CONNECTED_UDP_ERRORS} (epoll, as mio on every OS), an ICMP error
 * from the peer's host (its port is closed) is reported as a
 * {@link java.net.PortUnreachableException} by the next send, receive or peek, and the kernel drops
 * datagrams from other addresses before they raise an event. The selector backend lacks it: the
 * JDK's own connect cannot send empty datagrams and discards the queued ones, so that backend
 * keeps the peer itself: no ICMP error is ever reported, and a datagram from another address
 * raises a readable event (spurious, which the contract allows) and is then dropped by the receive.
 *
 * <p>{@link #peek} and {@link #peekFrom} leave readiness alone on every backend: a datagram peeked
 * and not received still raises a readable event.
 */
public final class UdpSocket extends DatagramEndpoint<InetSocketAddress> {
    /**
     * Wraps a backend's datagram socket; for backends (the {@link PollProvider} factories). Users
     * get sockets from {@link #bind}.
     *
     * @param io the backend's socket, an {@link IoSource}
     * @throws IllegalArgumentException if it is not an {@code IoSource}
     */
    public UdpSocket(DatagramIo<InetSocketAddress> io) {
        super(io);
    }

    /**
     * Binds a UDP socket with the default backend.
     *
     * @param address a resolved address; port 0 picks a free port
     * @return the socket
     * @throws IOException if binding fails or no backend is available
     */
    public static UdpSocket bind(InetSocketAddress address) throws IOException {
        return bind(address, PollProvider.systemDefault());
    }

    /**
     * Binds a UDP socket with {@code provider}'s backend.
     *
     * @param address a resolved address; port 0 picks a free port
     * @param provider the backend
     * @return the socket
     * @throws IOException if binding fails
     */
    public static UdpSocket bind(InetSocketAddress address, PollProvider provider) throws IOException {
        return Objects.requireNonNull(provider, "provider").bindUdpSocket(Checks.resolved(address));
    }

    /**
     * Receives the next datagram from the connected peer without removing it.
     *
     * @param dst where to copy it
     * @return its length, or -1 if none is waiting
     * @throws IOException if the socket is closed or the call fails
     */
    public final int peek(ByteBuffer dst) throws IOException {
        IoSource.checkReadTarget(dst);
        return io.recv(dst, true);
    }

    /**
     * Receives the next datagram and its sender without removing it.
     *
     * @param dst where to copy it
     * @return the sender, or {@code null} if none is waiting
     * @throws IOException if the socket is closed or the call fails
     */
    public final InetSocketAddress peekFrom(ByteBuffer dst) throws IOException {
        IoSource.checkReadTarget(dst);
        return io.receive(dst, true);
    }

    /**
     * Sets {@code SO_BROADCAST}.
     *
     * @param on the value
     * @throws IOException if the socket is closed or the call fails
     */
    public final void setBroadcast(boolean on) throws IOException {
        setOption(StandardSocketOptions.SO_BROADCAST, on);
    }

    /**
     * {@return the value of {@code SO_BROADCAST}}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final boolean broadcast() throws IOException {
        return getOption(StandardSocketOptions.SO_BROADCAST);
    }

    /**
     * Sets {@code IP_MULTICAST_LOOP} (and {@code IPV6_MULTICAST_LOOP} on IPv6 sockets).
     *
     * @param on the value
     * @throws IOException if the socket is closed or the call fails
     */
    public final void setMulticastLoop(boolean on) throws IOException {
        setOption(StandardSocketOptions.IP_MULTICAST_LOOP, on);
    }

    /**
     * {@return the value of {@code IP_MULTICAST_LOOP}}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final boolean multicastLoop() throws IOException {
        return getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    /**
     * Sets {@code IP_MULTICAST_TTL}.
     *
     * @param ttl the value, 0 to 255
     * @throws IOException if the socket is closed or the call fails
     */
    public final void setMulticastTtl(int ttl) throws IOException {
        setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
    }

    /**
     * {@return the value of {@code IP_MULTICAST_TTL}}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final int multicastTtl() throws IOException {
        return getOption(StandardSocketOptions.IP_MULTICAST_TTL);
    }

    /**
     * Sets {@code IP_TTL}.
     *
     * @param ttl the time-to-live
     * @throws IOException if the socket is closed or the call fails
     */
    public final void setTtl(int ttl) throws IOException {
        setOption(MioSocketOptions.IP_TTL, ttl);
    }

    /**
     * {@return the value of {@code IP_TTL}}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final int ttl() throws IOException {
        return getOption(MioSocketOptions.IP_TTL);
    }

    /**
     * {@return the value of {@code IPV6_V6ONLY} (IPv6 sockets)}
     *
     * @throws IOException if the socket is closed or the call fails
     */
    public final boolean onlyV6() throws IOException {
        return getOption(MioSocketOptions.IPV6_V6ONLY);
    }

    /**
     * Joins a multicast group.
     *
     * @param group the group's address (IPv4 or IPv6)
     * @param networkInterface the interface, or {@code null} to let the system choose
     * @throws IOException if the socket is closed or joining fails
     */
    public final void joinMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkGroup(group);
        io.joinMulticast(group, networkInterface);
    }

    /**
     * Leaves a multicast group joined with {@link #joinMulticast}.
     *
     * @param group the group's address
     * @param networkInterface the interface it was joined on, or {@code null}
     * @throws IOException if the socket is closed or leaving fails
     */
    public final void leaveMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkGroup(group);
        io.leaveMulticast(group, networkInterface);
    }

    private static void checkGroup(InetAddress group) {
        Objects.requireNonNull(group, "group");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(group + " is not a multicast address");
        }
    }
}
