package io.mio.iocp;

import io.mio.net.Shutdown;
import io.mio.spi.DatagramIo;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;

/**
 * A UDP socket on a Winsock socket, made by {@link IocpProvider#bindUdpSocket}. A datagram longer
 * than the thread's scratch (64 KiB) cannot be sent, as UDP's own limit is just below that.
 */
final class WinDatagram extends WinSocket<InetSocketAddress> implements DatagramIo<InetSocketAddress> {
    WinDatagram(PollProvider provider, long socket, long base, int family) {
        super(provider, socket, base, family, DATAGRAM_OPTIONS);
    }

    /** {@code connect} of a datagram socket: never in progress, it only sets the peer. */
    @Override
    public void connect(InetSocketAddress peer) throws IOException {
        WinScratch s = WinScratch.get();
        MemorySegment address = s.encode(family, peer);
        guard.acquire();
        try {
            if (Win32Calls.connect(s.state, socket, address) != 0) {
                throw failure("connect(" + text(peer) + ")", s);
            }
        } finally {
            guard.release();
        }
    }

    @Override
    public boolean send(ByteBuffer src, InetSocketAddress target) throws IOException {
        WinScratch s = WinScratch.get();
        MemorySegment memory = memory(src, s);
        int n = src.isDirect() ? src.remaining() : gather(src, s.data);
        MemorySegment address = target == null ? null : s.encode(family, target);
        int sent;
        guard.acquire();
        try {
            sent = address == null ? Win32Calls.send(s.state, socket, memory, n, 0)
                    : Win32Calls.sendto(s.state, socket, memory, n, address, (int) address.byteSize());
        } finally {
            guard.release();
        }
        if (sent < 0) {
            if (Win32Calls.wsaLastError(s.state) != Win32.WSAEWOULDBLOCK) {
                throw failure(target == null ? "send" : "sendto(" + text(target) + ")", s);
            }
            wouldBlock(Readiness.WRITABLE);
            return false;
        }
        src.position(src.position() + sent);
        return true;
    }

    /** Receives one datagram: its sender, left in the thread's scratch by {@link #recv}, or null if none waits. */
    @Override
    public InetSocketAddress receive(ByteBuffer dst, boolean peek) throws IOException {
        return recv(dst, peek) < 0 ? null : WinScratch.get().decode();
    }

    /**
     * One recvfrom, its sender left in the thread's scratch; a datagram longer than {@code dst} is
     * truncated (Windows reports that as {@code WSAEMSGSIZE} with the buffer filled: a datagram
     * here, as on POSIX).
     *
     * @return the datagram's length in {@code dst}, or -1 if none waits
     */
    @Override
    public int recv(ByteBuffer dst, boolean peek) throws IOException {
        int flags = peek ? Win32.MSG_PEEK : 0;
        WinScratch s = WinScratch.get();
        MemorySegment memory = memory(dst, s);
        int room = room(dst);
        int n;
        int error = 0;
        guard.acquire();
        try {
            n = Win32Calls.recvfrom(s.state, socket, memory, room, flags, s.addressOut(), s.length);
            if (n < 0) {
                error = Win32Calls.wsaLastError(s.state);
            }
        } finally {
            guard.release();
        }
        if (n < 0) {
            if (error == Win32.WSAEMSGSIZE) {
                n = room;
            } else if (error == Win32.WSAEWOULDBLOCK) {
                if (!peek) {
                    wouldBlock(Readiness.READABLE);
                }
                return -1;
            } else {
                throw WinError.exception("recvfrom", error, true);
            }
        }
        received(dst, memory, n);
        return n;
    }

    @Override
    public InetSocketAddress peerAddress() throws IOException {
        return name(true);
    }

    @Override
    public void shutdown(Shutdown how) {
        throw new UnsupportedOperationException("shutdown of a UDP socket");
    }

    @Override
    public void joinMulticast(InetAddress group, NetworkInterface networkInterface) {
        throw new UnsupportedOperationException("backend 'iocp' cannot join and leave multicast groups (capability MULTICAST)");
    }

    @Override
    public void leaveMulticast(InetAddress group, NetworkInterface networkInterface) {
        joinMulticast(group, networkInterface);
    }

    @Override
    String kind() {
        return "UdpSocket";
    }
}
