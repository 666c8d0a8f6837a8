package io.mio.selector;

import io.mio.net.Shutdown;
import io.mio.net.UdpSocket;
import io.mio.spi.DatagramIo;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A UDP socket over a non-blocking {@link DatagramChannel}.
 *
 * <p>The JDK has no {@code MSG_PEEK}: {@link #peek} and {@link #peekFrom} receive one datagram into
 * a buffer of this socket (64 KiB, allocated by the first peek) that the next receive returns. A
 * datagram is received whole or not at all, so would-block is a null sender.
 *
 * <p>{@link #connect} is emulated: this socket keeps the peer, sends to it and drops datagrams
 * from elsewhere as they are received. The JDK's own connect will not do: a connected
 * {@link DatagramChannel} sends nothing for an empty buffer (it skips the system call), and its
 * connect discards the datagrams already queued. The difference from a kernel-connected socket: an
 * ICMP error (port unreachable) is not reported, and datagrams from others take room in the
 * receive buffer (and may cause spurious readable events) until a receive drops them. The backend
 * therefore lacks {@link io.mio.spi.Capability#CONNECTED_UDP_ERRORS}, and {@link UdpSocket}'s
 * portability notes say so.
 *
 * <p>Multicast memberships are kept per (group, interface) as the JDK's {@link MembershipKey}s.
 * Joining with a null interface uses the socket's {@code IP_MULTICAST_IF} if set, else the first
 * interface that is up, multicast-capable, not loopback and has an address of the group's family
 * (the one the system's default route usually leaves by), else the loopback interface: Linux
 * accepts a membership on {@code lo}, although it lacks {@code IFF_MULTICAST}, which serves tests
 * on a host or container with loopback only.
 */
final class ChannelDatagram extends ChannelSocket<InetSocketAddress> implements DatagramIo<InetSocketAddress> {
    /** The JDK sends nothing for an empty heap buffer; an empty direct one goes out as a datagram. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
    private static final int MAX_DATAGRAM = 64 * 1024;

    private final DatagramChannel channel;
    /** The datagram peeked but not received yet, in read mode; allocated by the first peek. */
    private ByteBuffer peeked;
    /** The peeked datagram's sender, or null if none is held; read by the poll, hence volatile. */
    private volatile InetSocketAddress peekedSender;
    /** Memberships by the (group, interface) they were joined with; guarded by itself. */
    private final Map<Membership, MembershipKey> memberships = new HashMap<>();
    /** The connected peer, or null; see the class documentation. */
    private volatile InetSocketAddress peer;

    private record Membership(InetAddress group, NetworkInterface networkInterface) {
    }

    ChannelDatagram(SelectorPollProvider provider, DatagramChannel channel) {
        super(provider, channel, false);
        this.channel = channel;
    }

    @Override
    boolean holdsInput() {
        return peekedSender != null;
    }

    @Override
    String kind() {
        return "UdpSocket";
    }

    @Override
    public void connect(InetSocketAddress peer) throws IOException {
        ensureOpen();
        this.peer = peer;
        if (peekedSender != null && !peekedSender.equals(peer)) {
            peekedSender = null; // a connected socket receives from its peer only
        }
    }

    @Override
    public boolean send(ByteBuffer src, InetSocketAddress target) throws IOException {
        ensureOpen();
        InetSocketAddress to = target != null ? target : peer;
        if (to == null) {
            throw new SocketException("UDP socket is not connected: use sendTo, or connect first");
        }
        int wanted = src.remaining();
        int sent;
        try {
            sent = channel.send(wanted == 0 ? EMPTY : src, to);
        } catch (ClosedChannelException e) {
            throw translate(e, "send"); // closed by another thread meanwhile
        }
        if (wanted > 0 && sent == 0) {
            rearm(SelectionKey.OP_WRITE); // no room in the send buffer
            return false;
        }
        return true; // an empty datagram cannot tell would-block from sent: the JDK returns 0 for both
    }

    @Override
    public int recv(ByteBuffer dst, boolean peek) throws IOException {
        int start = dst.position();
        return receive(dst, peek) == null ? -1 : dst.position() - start;
    }

    @Override
    public InetSocketAddress receive(ByteBuffer dst, boolean peek) throws IOException {
        ensureOpen();
        return peek ? peekFromUnchecked(dst) : receiveUnchecked(dst);
    }

    /** A receive once the closed check is done: the held (peeked) datagram first. */
    private InetSocketAddress receiveUnchecked(ByteBuffer dst) throws IOException {
        if (peekedSender != null) {
            InetSocketAddress sender = peekedSender;
            copyPeeked(dst);
            peekedSender = null;
            return sender;
        }
        return receiveFromPeer(dst);
    }

    /**
     * Receives the next datagram from the peer if connected, from anyone otherwise, dropping those
     * from others. With {@code receive}, not {@code read}: read returns 0 both for an empty
     * datagram and for none.
     *
     * @return the sender, or null if none is waiting (the edge is then re-armed)
     */
    private InetSocketAddress receiveFromPeer(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (true) {
            InetSocketAddress sender;
            try {
                sender = (InetSocketAddress) channel.receive(dst);
            } catch (ClosedChannelException e) {
                throw translate(e, "receive"); // closed by another thread meanwhile
            }
            if (sender == null) {
                rearm(SelectionKey.OP_READ);
                return null;
            }
            InetSocketAddress connected = peer;
            if (connected == null || connected.equals(sender)) {
                return sender;
            }
            dst.position(start); // not from the peer: dropped, as a connected socket never sees it
        }
    }

    private InetSocketAddress peekFromUnchecked(ByteBuffer dst) throws IOException {
        if (peekedSender == null) {
            if (peeked == null) {
                peeked = ByteBuffer.allocate(MAX_DATAGRAM);
            }
            peeked.clear();
            InetSocketAddress sender = receiveFromPeer(peeked);
            peeked.flip();
            if (sender == null) {
                return null;
            }
            peekedSender = sender;
            postHeldInput(); // the selector no longer sees this datagram: the poll reports it
        }
        copyPeeked(dst);
        return peekedSender;
    }

    /** Copies the peeked datagram into {@code dst}, truncated as {@code recv(2)} does. */
    private void copyPeeked(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), peeked.remaining());
        dst.put(dst.position(), peeked, peeked.position(), n);
        dst.position(dst.position() + n);
    }

    @Override
    public InetSocketAddress peerAddress() throws IOException {
        ensureOpen();
        return peer;
    }

    @Override
    public void joinMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        ensureOpen();
        NetworkInterface joinOn = networkInterface != null ? networkInterface : defaultInterface(group);
        synchronized (memberships) {
            memberships.put(new Membership(group, networkInterface), channel.join(group, joinOn));
        }
    }

    @Override
    public void leaveMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        ensureOpen();
        MembershipKey membership;
        synchronized (memberships) {
            membership = memberships.remove(new Membership(group, networkInterface));
        }
        if (membership == null) {
            throw new SocketException("cannot leave multicast group " + group.getHostAddress() + " on "
                    + (networkInterface == null ? "the default interface" : networkInterface.getName())
                    + ": this socket did not join it there");
        }
        membership.drop();
    }

    /** The interface a join with none given uses; see the class documentation. */
    private NetworkInterface defaultInterface(InetAddress group) throws IOException {
        NetworkInterface configured = channel.getOption(StandardSocketOptions.IP_MULTICAST_IF);
        if (configured != null) {
            return configured;
        }
        NetworkInterface loopback = null;
        for (NetworkInterface candidate : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!candidate.isUp()) {
                continue;
            }
            if (candidate.isLoopback()) {
                loopback = loopback == null ? candidate : loopback;
            } else if (candidate.supportsMulticast() && hasAddressOfFamily(candidate, group)) {
                return candidate;
            }
        }
        if (loopback == null) {
            throw new SocketException("no network interface to join multicast group " + group.getHostAddress()
                    + " on: none is up; pass one");
        }
        return loopback;
    }

    private static boolean hasAddressOfFamily(NetworkInterface candidate, InetAddress group) {
        boolean v4 = group instanceof Inet4Address;
        for (InetAddress address : Collections.list(candidate.getInetAddresses())) {
            if ((address instanceof Inet4Address) == v4) {
                return true;
            }
        }
        return false;
    }

    /** UDP sockets have no shutdown; {@code UnixDatagram}, which has, is not supported by this backend. */
    @Override
    public void shutdown(Shutdown how) {
        throw new UnsupportedOperationException("a UDP socket cannot be shut down");
    }

    @Override
    void beforeClose() {
        synchronized (memberships) {
            memberships.clear(); // closing the channel drops them
        }
    }
}
