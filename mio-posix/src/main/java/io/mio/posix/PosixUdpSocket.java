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

    private final NativeFd nfd;
    private final int family;

    PosixUdpSocket(PollProvider provider, int fd, int family) {
        super(provider);
        this.nfd = new NativeFd(fd, true, this);
        this.family = family;
    }

    @Override
    public int fd() {
        return nfd.fd;
    }

    @Override
    protected void implConnect(InetSocketAddress peer) throws IOException {
        int fd = nfd.acquire();
        try {
            Scratch s = Scratch.get();
            int errno = Sockets.connect(fd, s.address, Sockaddr.encode(s.address, family, peer));
            if (errno != 0) {
                throw Errno.exception("connect(" + Sockets.text(peer) + ")", errno);
            }
        } finally {
            nfd.release();
        }
    }

    @Override
    protected boolean implSend(ByteBuffer src, InetSocketAddress target) throws IOException {
        Scratch s = Scratch.get();
        return Transfers.send(nfd, src, s, target == null ? 0 : Sockaddr.encode(s.address, family, target));
    }

    @Override
    protected int implRecv(ByteBuffer dst) throws IOException {
        return Transfers.recv(nfd, dst, 0);
    }

    @Override
    protected int implPeek(ByteBuffer dst) throws IOException {
        return Transfers.recv(nfd, dst, Os.MSG_PEEK);
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
        return Transfers.receiveFrom(nfd, dst, flags, s) < 0 ? null : Sockaddr.decodeInet(s.address);
    }

    @Override
    protected InetSocketAddress implLocalAddress() throws IOException {
        return Sockets.inetName(nfd, false);
    }

    @Override
    protected InetSocketAddress implPeerAddress() throws IOException {
        return Sockets.inetName(nfd, true);
    }

    @Override
    protected void implJoinMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Sockets.membership(nfd, family, group, networkInterface, true);
    }

    @Override
    protected void implLeaveMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Sockets.membership(nfd, family, group, networkInterface, false);
    }

    @Override
    protected IOException implTakeError() throws IOException {
        int errno = Sockets.takeErrno(nfd);
        return errno == 0 ? null : Errno.exception("socket error (SO_ERROR)", errno);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> name, T value) throws IOException {
        Sockets.setOption(nfd, family, name, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return (T) Sockets.getOption(nfd, family, name);
    }

    @Override
    protected void implCloseSource() throws IOException {
        nfd.close();
    }

    @Override
    public String toString() {
        return "UdpSocket[" + provider().name() + ", " + nfd + "]";
    }
}
