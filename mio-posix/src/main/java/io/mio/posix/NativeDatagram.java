package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.spi.DatagramIo;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A UDP or Unix-domain datagram socket on a native socket: bound, unbound or one of a pair.
 *
 * @param <A> the address type
 */
final class NativeDatagram<A extends SocketAddress> extends NativeSocket<A> implements DatagramIo<A> {
    NativeDatagram(PollProvider provider, int fd, int family) {
        super(provider, fd, family, family == Os.AF_UNIX ? UNIX_OPTIONS : UDP_OPTIONS);
    }

    /** connect(2) of a datagram socket: never in progress, it only sets the peer. */
    @Override
    public void connect(A peer) throws IOException {
        int fd = nfd.acquire();
        try {
            Scratch s = Scratch.get();
            int errno = Sockets.connect(fd, s.address(), encode(s, peer));
            if (errno != 0) {
                throw Errno.exception("connect(" + text(peer) + ")", errno);
            }
        } finally {
            nfd.release();
        }
    }

    @Override
    public boolean send(ByteBuffer src, A target) throws IOException {
        Scratch s = Scratch.get();
        return Transfers.send(nfd, src, s, target == null ? 0 : encode(s, target));
    }

    @Override
    public int recv(ByteBuffer dst, boolean peek) throws IOException {
        return Transfers.recv(nfd, dst, peek ? Os.MSG_PEEK : 0);
    }

    @Override
    public A receive(ByteBuffer dst, boolean peek) throws IOException {
        Scratch s = Scratch.get();
        int length = Transfers.receiveFrom(nfd, dst, peek ? Os.MSG_PEEK : 0, s);
        return length < 0 ? null : decode(s, length);
    }

    @Override
    public A peerAddress() throws IOException {
        return name(true);
    }

    @Override
    public void shutdown(Shutdown how) throws IOException {
        if (!Sockets.shutdown(nfd, how)) {
            throw Errno.exception("shutdown(" + how + ")", Errno.ENOTCONN);
        }
    }

    @Override
    public void joinMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Sockets.membership(nfd, family, group, networkInterface, true);
    }

    @Override
    public void leaveMulticast(InetAddress group, NetworkInterface networkInterface) throws IOException {
        Sockets.membership(nfd, family, group, networkInterface, false);
    }

    @Override
    String kind() {
        return unix() ? "UnixDatagram" : "UdpSocket";
    }
}
