package io.mio.selector;

import io.mio.net.TcpListener;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** A TCP listener over a non-blocking {@link ServerSocketChannel}. */
final class SelectorTcpListener extends TcpListener implements SelectorSource {
    private final SelectorPollProvider provider;
    private final ServerSocketChannel server;
    private final IoState io;

    SelectorTcpListener(SelectorPollProvider provider, ServerSocketChannel server) {
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
    protected TcpStream implAccept() throws IOException {
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
        return new SelectorTcpStream(provider, accepted, false);
    }

    @Override
    protected InetSocketAddress implLocalAddress() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
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
