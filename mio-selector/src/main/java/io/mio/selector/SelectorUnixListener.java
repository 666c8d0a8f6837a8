package io.mio.selector;

import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** A Unix-domain listener over a non-blocking {@link ServerSocketChannel} of family UNIX. */
final class SelectorUnixListener extends UnixListener implements SelectorSource {
    private final SelectorPollProvider provider;
    private final ServerSocketChannel server;
    private final IoState io;

    SelectorUnixListener(SelectorPollProvider provider, ServerSocketChannel server) {
        super(provider);
        this.provider = provider;
        this.server = server;
        this.io = new IoState(server);
    }

    @Override
    public IoState io() {
        return io;
    }

    @Override
    protected UnixStream implAccept() throws IOException {
        SocketChannel accepted = server.accept();
        if (accepted == null) {
            io.rearm(SelectionKey.OP_ACCEPT);
            return null;
        }
        try {
            accepted.configureBlocking(false);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
        return new SelectorUnixStream(provider, accepted, false, false);
    }

    @Override
    protected UnixAddress implLocalAddress() throws IOException {
        return UnixAddresses.fromJdk(server.getLocalAddress());
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return server.supportedOptions();
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> name, T value) throws IOException {
        server.setOption(name, value);
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return server.getOption(name);
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
