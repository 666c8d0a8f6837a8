package io.mio.selector;

import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** A Unix-domain listener over a non-blocking {@link ServerSocketChannel} of family UNIX; see {@link ListenerIo}. */
final class SelectorUnixListener extends UnixListener implements SelectorSource {
    private final SelectorPollProvider provider;
    private final ListenerIo io;

    SelectorUnixListener(SelectorPollProvider provider, ServerSocketChannel server) {
        super(provider);
        this.provider = provider;
        this.io = new ListenerIo(server, this);
    }

    @Override
    public IoState io() {
        return io;
    }

    @Override
    protected UnixStream implAccept() throws IOException {
        SocketChannel accepted = io.accept();
        return accepted == null ? null : new SelectorUnixStream(provider, accepted, false, false);
    }

    @Override
    protected UnixAddress implLocalAddress() throws IOException {
        return UnixAddresses.fromJdk(io.server.getLocalAddress());
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return io.server.supportedOptions();
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> name, T value) throws IOException {
        io.server.setOption(name, value);
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return io.server.getOption(name);
    }

    /** The JDK cannot read a listener's {@code SO_ERROR}; accept reports errors itself. */
    @Override
    protected IOException implTakeError() {
        return null;
    }

    @Override
    protected void implCloseSource() throws IOException {
        io.close();
    }
}
