package io.mio.posix;

import io.mio.spi.ListenerIo;
import io.mio.spi.PollProvider;
import io.mio.spi.StreamIo;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A TCP or Unix-domain listener on a native socket, made by {@link PosixSockets}.
 *
 * @param <A> the address type
 */
final class NativeListener<A extends SocketAddress> extends NativeSocket<A> implements ListenerIo<A> {
    /** For messages: what it was bound to. */
    private final String bound;

    NativeListener(PollProvider provider, int fd, int family, String bound) {
        super(provider, fd, family, family == Os.AF_UNIX ? UNIX_LISTENER_OPTIONS : TCP_LISTENER_OPTIONS, null);
        this.bound = bound;
    }

    @Override
    public StreamIo<A> accept() throws IOException {
        int fd = Sockets.accept(nfd, bound);
        return fd < 0 ? null : new NativeStream<>(provider(), fd, family, null);
    }

    @Override
    String kind() {
        return unix() ? "UnixListener" : "TcpListener";
    }

    @Override
    public String toString() {
        return kind() + "[" + provider().name() + ", " + nfd + ", " + bound + "]";
    }
}
