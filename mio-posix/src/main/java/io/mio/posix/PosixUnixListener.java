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

    private final NativeSocket socket;
    private final String bound;

    PosixUnixListener(PollProvider provider, int fd, String bound) {
        super(provider);
        this.socket = new NativeSocket(fd, Os.AF_UNIX, this);
        this.bound = bound;
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
    protected UnixStream implAccept() throws IOException {
        int fd = Sockets.accept(socket.nfd, bound);
        return fd < 0 ? null : new PosixUnixStream(provider(), fd);
    }

    @Override
    protected UnixAddress implLocalAddress() throws IOException {
        return Sockets.unixName(socket.nfd, false);
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
        return "UnixListener[" + provider().name() + ", " + socket.nfd + ", " + bound + "]";
    }
}
