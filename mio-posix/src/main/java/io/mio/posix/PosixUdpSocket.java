package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.UdpSocket;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Set;

/** A UDP socket on a native socket, made by {@link PosixSockets#bindUdpSocket}. */
final class PosixUdpSocket extends UdpSocket implements FdSource {
    static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_TOS, StandardSocketOptions.IP_MULTICAST_IF,
            StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP,
            MioSocketOptions.IP_TTL, MioSocketOptions.IPV6_V6ONLY);

    private final NativeSocket socket;

    PosixUdpSocket(PollProvider provider, int fd, int family) {
        super(provider);
        this.socket = new NativeSocket(fd, family, this);
    }

    @Override
    public int fd() {
        return socket.fd();
    }

    @Override
    public void attach(Registration registration) {
        socket.nfd.registration = registration;
    }

    @Override
    protected void implConnect(InetSocketAddress peer) throws IOException {
        Scratch s = Scratch.get();
        socket.connectDatagram(s, Sockaddr.encode(s.address(), socket.family, peer), Sockets.text(peer));
    }

    @Override
    protected boolean implSend(ByteBuffer src, InetSocketAddress target) throws IOException {
        Scratch s = Scratch.get();
        return Transfers.send(socket.nfd, src, s, target == null ? 0 : Sockaddr.encode(s.address(), socket.family, target));
    }

    @Override
    protected int implRecv(ByteBuffer dst) throws IOException {
        return Transfers.recv(socket.nfd, dst, 0);
    }

    @Override
    protected int implPeek(ByteBuffer dst) throws IOException {
        return Transfers.recv(socket.nfd, dst, Os.MSG_PEEK);
    }

    @Override
    protected InetSocketAddress implReceive(ByteBuffer dst) throws IOException {
        return receive(dst, 0);
    }

    @Override
    protected InetSocketAddress implPeekFrom(ByteBuffer dst) throws IOException {
        return receive(dst, Os.MSG_PEEK);
    }

    private InetSocketAddress receive(ByteBuffer dst, int flags) throws IOException {
        Scratch s = Scratch.get();
        return Transfers.receiveFrom(socket.nfd, dst, flags, s) < 0 ? null : Sockaddr.decodeInet(s.address());
    }

    @Override
    protected InetSocketAddress implLocalAddress() throws IOException {
        return Sockets.inetName(socket.nfd, false);
    }

    @Override
    protected InetSocketAddress implPeerAddress() throws IOException {
        return Sockets.inetName(socket.nfd, true);
    }

    @Override
    protected void implJoinMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Sockets.membership(socket.nfd, socket.family, group, networkInterface, true);
    }

    @Override
    protected void implLeaveMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Sockets.membership(socket.nfd, socket.family, group, networkInterface, false);
    }

    @Override
    protected IOException implTakeError() throws IOException {
        return socket.takeError();
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return socket.getOption(name);
    }

    @Override
    protected void implCloseSource() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "UdpSocket[" + provider().name() + ", " + socket.nfd + "]";
    }
}
