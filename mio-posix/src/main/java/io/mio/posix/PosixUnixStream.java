package io.mio.posix;

import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.net.UnixStream;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Set;

/** A Unix-domain stream connection on a native socket: connected, accepted or one of a pair. */
final class PosixUnixStream extends UnixStream implements FdSource {
    static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF);

    private final NativeFd nfd;

    PosixUnixStream(PollProvider provider, int fd) {
        super(provider);
        this.nfd = new NativeFd(fd, true, this);
    }

    @Override
    public int fd() {
        return nfd.fd;
    }

    @Override
    protected int implRead(ByteBuffer dst) throws IOException {
        return Transfers.read(nfd, dst, true);
    }

    @Override
    protected long implRead(ByteBuffer[] dsts) throws IOException {
        return Transfers.read(nfd, dsts);
    }

    @Override
    protected int implWrite(ByteBuffer src) throws IOException {
        return Transfers.write(nfd, src, true);
    }

    @Override
    protected long implWrite(ByteBuffer[] srcs) throws IOException {
        return Transfers.write(nfd, srcs, true);
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
        return "UnixStream[" + provider().name() + ", " + nfd + "]";
    }
}
