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

    private final NativeSocket socket;

    PosixUnixStream(PollProvider provider, int fd) {
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
    protected int implRead(ByteBuffer dst) throws IOException {
        return socket.inputShut ? -1 : Transfers.read(socket.nfd, dst, true);
    }

    @Override
    protected long implRead(ByteBuffer[] dsts) throws IOException {
        return socket.inputShut ? -1 : Transfers.read(socket.nfd, dsts);
    }

    @Override
    protected int implWrite(ByteBuffer src) throws IOException {
        return Transfers.write(socket.nfd, src, true);
    }

    @Override
    protected long implWrite(ByteBuffer[] srcs) throws IOException {
        return Transfers.write(socket.nfd, srcs, true);
    }

    @Override
    protected void implShutdown(Shutdown how) throws IOException {
        socket.shutdown(how);
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
        return "UnixStream[" + provider().name() + ", " + socket.nfd + "]";
    }
}
