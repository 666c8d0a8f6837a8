package io.mio.posix;

import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/** A Unix-domain stream listener on a native socket, made by {@link PosixSockets#bindUnixListener}. */
final class PosixUnixListener extends UnixListener implements FdSource {
    static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);

    private final NativeFd nfd;
    private final String bound;

    PosixUnixListener(PollProvider provider, int fd, String bound) {
        super(provider);
        this.nfd = new NativeFd(fd, true, this);
        this.bound = bound;
    }

    @Override
    public int fd() {
        return nfd.fd;
    }

    @Override
    protected UnixStream implAccept() throws IOException {
        int fd = Sockets.accept(nfd, bound);
        return fd < 0 ? null : new PosixUnixStream(provider(), fd);
    }

    @Override
    protected UnixAddress implLocalAddress() throws IOException {
        return Sockets.unixName(nfd, false);
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
        return "UnixListener[" + provider().name() + ", " + nfd + ", " + bound + "]";
    }
}
