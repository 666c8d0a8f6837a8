package io.mio.selector;

import io.mio.net.Shutdown;
import io.mio.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** A TCP stream over a non-blocking {@link SocketChannel}; see {@link StreamIo}. */
final class SelectorTcpStream extends TcpStream implements SelectorSource {
    private final StreamIo io;

    SelectorTcpStream(SelectorPollProvider provider, SocketChannel socket, boolean connecting) {
        super(provider);
        this.io = new StreamIo(socket, connecting, this);
    }

    @Override
    public IoState io() {
        return io;
    }

    @Override
    protected int implRead(ByteBuffer dst) throws IOException {
        return io.read(dst);
    }

    @Override
    protected long implRead(ByteBuffer[] dsts) throws IOException {
        return io.read(dsts);
    }

    @Override
    protected int implPeek(ByteBuffer dst) throws IOException {
        return io.peek(dst);
    }

    @Override
    protected int implWrite(ByteBuffer src) throws IOException {
        return io.write(src);
    }

    @Override
    protected long implWrite(ByteBuffer[] srcs) throws IOException {
        return io.write(srcs);
    }

    @Override
    protected void implShutdown(Shutdown how) throws IOException {
        io.shutdown(how);
    }

    @Override
    protected InetSocketAddress implLocalAddress() throws IOException {
        return (InetSocketAddress) io.localAddress();
    }

    @Override
    protected InetSocketAddress implPeerAddress() throws IOException {
        return (InetSocketAddress) io.peerAddress();
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return io.socket.supportedOptions();
    }

    @Override
    protected <T> void implSetOption(SocketOption<T> name, T value) throws IOException {
        io.socket.setOption(name, value);
    }

    @Override
    protected <T> T implGetOption(SocketOption<T> name) throws IOException {
        return io.socket.getOption(name);
    }

    @Override
    protected IOException implTakeError() {
        return io.takeError();
    }

    @Override
    protected void implCloseSource() throws IOException {
        io.close();
    }
}
