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

    private final NativeSocket socket;

    PosixUnixDatagram(PollProvider provider, int fd) {
        super(provider);
        this.socket = new NativeSocket(fd, Os.AF_UNIX, this);
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
    protected void implConnect(UnixAddress peer) throws IOException {
        Scratch s = Scratch.get();
        socket.connectDatagram(s, Sockaddr.encode(s.address(), peer), peer.toString());
    }

    @Override
    protected boolean implSend(ByteBuffer src, UnixAddress target) throws IOException {
        Scratch s = Scratch.get();
        return Transfers.send(socket.nfd, src, s, target == null ? 0 : Sockaddr.encode(s.address(), target));
    }

    @Override
    protected int implRecv(ByteBuffer dst) throws IOException {
        return Transfers.recv(socket.nfd, dst, 0);
    }

    @Override
    protected UnixAddress implReceive(ByteBuffer dst) throws IOException {
        Scratch s = Scratch.get();
        int length = Transfers.receiveFrom(socket.nfd, dst, 0, s);
        return length < 0 ? null : Sockaddr.decodeUnix(s.address(), length);
    }

    @Override
    protected void implShutdown(Shutdown how) throws IOException {
        if (!Sockets.shutdown(socket.nfd, how)) {
            throw Errno.exception("shutdown(" + how + ")", Errno.ENOTCONN);
        }
    }

    @Override
    protected UnixAddress implLocalAddress() throws IOException {
        return Sockets.unixName(socket.nfd, false);
    }

    @Override
    protected UnixAddress implPeerAddress() throws IOException {
        return Sockets.unixName(socket.nfd, true);
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
        return "UnixDatagram[" + provider().name() + ", " + socket.nfd + "]";
    }
}
