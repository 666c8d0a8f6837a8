package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/** A TCP listener on a native socket, made by {@link PosixSockets#bindTcpListener}. */
final class PosixTcpListener extends TcpListener implements FdSource {
    static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS,
            MioSocketOptions.IP_TTL, MioSocketOptions.IPV6_V6ONLY);

    private final NativeSocket socket;
    /** For messages: what it was bound to. */
    private final String bound;

    PosixTcpListener(PollProvider provider, int fd, int family, String bound) {
        super(provider);
        this.socket = new NativeSocket(fd, family, this);
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
    protected TcpStream implAccept() throws IOException {
        int fd = Sockets.accept(socket.nfd, bound);
        return fd < 0 ? null : new PosixTcpStream(provider(), fd, socket.family, null);
    }

    @Override
    protected InetSocketAddress implLocalAddress() throws IOException {
        return Sockets.inetName(socket.nfd, false);
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
        return "TcpListener[" + provider().name() + ", " + socket.nfd + ", " + bound + "]";
    }
}
