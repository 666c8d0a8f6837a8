package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.spi.DatagramIo;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

import static io.mio.spi.Readiness.READABLE;
import static io.mio.spi.Readiness.WRITABLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A UDP or Unix-domain datagram socket on a native socket: bound, unbound or one of a pair.
 *
 * @param <A> the address type
 */
final class NativeDatagram<A extends SocketAddress> extends NativeSocket<A> implements DatagramIo<A> {
    NativeDatagram(PollProvider provider, int fd, int family) {
        super(provider, fd, family, family == Os.AF_UNIX ? UNIX_OPTIONS : UDP_OPTIONS, null);
    }

    /** connect(2) of a datagram socket: never in progress, it only sets the peer. */
    @Override
    public void connect(A peer) throws IOException {
        nfd.acquire();
        int fd = nfd.fd;
        try {
            Scratch s = Scratch.get();
            int errno = Sockets.connect(fd, s.address(), encode(s, peer));
            if (errno != 0) {
                throw Errno.exception("connect(" + Sockets.text(peer) + ")", errno);
            }
        } finally {
            nfd.release();
        }
    }

    /**
     * Sends one datagram, whole or not at all; to the connected peer when {@code target} is null.
     *
     * @return whether it was sent (false: would block)
     */
    @Override
    public boolean send(ByteBuffer src, A target) throws IOException {
        Scratch s = Scratch.get();
        int toLength = target == null ? 0 : encode(s, target);
        nfd.acquire();
        try {
            long n = nfd.send(s, src, Sockets.SEND_FLAGS, toLength == 0 ? MemorySegment.NULL : s.address(),
                    toLength, true);
            return n >= 0 || wouldBlockOrThrow(WRITABLE, toLength == 0 ? "send" : "sendto", n);
        } finally {
            nfd.release();
        }
    }

    /**
     * Receives one datagram (recvfrom): its length, or -1 if none is waiting; its sender is left in
     * the thread's scratch address, which {@link #receive} decodes.
     */
    @Override
    public int recv(ByteBuffer dst, boolean peek) throws IOException {
        nfd.acquire();
        try {
            Scratch s = nfd.scratch();
            s.length().set(JAVA_INT, 0, (int) Os.SOCKADDR_STORAGE.byteSize());
            long n = nfd.recv(s, dst, peek ? Os.MSG_PEEK : 0, s.address(), s.length(), true);
            if (n >= 0) {
                return (int) n;
            }
            wouldBlockOrThrow(READABLE, peek ? "peek" : "recvfrom", n);
            return -1;
        } finally {
            nfd.release();
        }
    }

    /** Receives one datagram: its sender, or null if none is waiting. */
    @Override
    public A receive(ByteBuffer dst, boolean peek) throws IOException {
        if (recv(dst, peek) < 0) {
            return null;
        }
        Scratch s = nfd.scratch(); // the thread's, which recv filled
        return decode(s, s.length().get(JAVA_INT, 0));
    }

    /**
     * A failed transfer: would-block is told to the registration; a connected UDP socket's ICMP
     * port unreachable is a PortUnreachableException; any other errno is thrown as itself.
     *
     * @return false (would block), when it returns
     */
    private boolean wouldBlockOrThrow(int readiness, String call, long negativeErrno) throws IOException {
        int errno = (int) -negativeErrno;
        if (errno == Errno.EAGAIN) {
            nfd.wouldBlock(readiness);
            return false;
        }
        if (errno == Errno.ECONNREFUSED) {
            throw new PortUnreachableException(Errno.message(call, errno));
        }
        throw Errno.exception(call, errno);
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
