package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.net.UnixDatagram;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Set;

/** A Unix-domain datagram socket on a native socket: bound, unbound or one of a pair. */
final class PosixUnixDatagram extends UnixDatagram implements FdSource {
    static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF);

    private final NativeFd nfd;

    PosixUnixDatagram(PollProvider provider, int fd) {
        super(provider);
        this.nfd = new NativeFd(fd, true, this);
    }

    @Override
    public int fd() {
        return nfd.fd;
    }

    @Override
    protected void implConnect(UnixAddress peer) throws IOException {
        int fd = nfd.acquire();
        try {
            Scratch s = Scratch.get();
            int errno = Sockets.connect(fd, s.address, Sockaddr.encode(s.address, peer));
            if (errno != 0) {
                throw Errno.exception("connect(" + peer + ")", errno);
            }
        } finally {
            nfd.release();
        }
    }

    @Override
    protected boolean implSend(ByteBuffer src, UnixAddress target) throws IOException {
        Scratch s = Scratch.get();
        return Transfers.send(nfd, src, s, target == null ? 0 : Sockaddr.encode(s.address, target));
    }

    @Override
    protected int implRecv(ByteBuffer dst) throws IOException {
        return Transfers.recv(nfd, dst, 0);
    }

    @Override
    protected UnixAddress implReceive(ByteBuffer dst) throws IOException {
        Scratch s = Scratch.get();
        int length = Transfers.receiveFrom(nfd, dst, 0, s);
        return length < 0 ? null : Sockaddr.decodeUnix(s.address, length);
    }

    @Override
    protected void implShutdown(Shutdown how) throws IOException {
        Sockets.shutdown(nfd, how);
    }

    @Override
    protected UnixAddress implLocalAddress() throws IOException {
        return Sockets.unixName(nfd, false);
    }

    @Override
    protected UnixAddress implPeerAddress() throws IOException {
        return Sockets.unixName(nfd, true);
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
        Sockets.setOption(nfd, Os.AF_UNIX, name, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return (T) Sockets.getOption(nfd, Os.AF_UNIX, name);
    }

    @Override
    protected void implCloseSource() throws IOException {
        nfd.close();
    }

    @Override
    public String toString() {
        return "UnixDatagram[" + provider().name() + ", " + nfd + "]";
    }
}
