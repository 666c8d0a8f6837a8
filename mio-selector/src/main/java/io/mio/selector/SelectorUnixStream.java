package io.mio.selector;

import io.mio.net.Shutdown;
import io.mio.net.UnixAddress;
import io.mio.net.UnixStream;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** A Unix-domain stream over a non-blocking {@link SocketChannel} of family UNIX; see {@link StreamIo}. */
final class SelectorUnixStream extends UnixStream implements SelectorSource {
    private final StreamIo io;
    /** An end of {@code unixStreamPair}: unnamed, as with {@code socketpair(2)}, whatever path made it. */
    private final boolean pairEnd;

    SelectorUnixStream(SelectorPollProvider provider, SocketChannel socket, boolean connecting, boolean pairEnd) {
        super(provider);
        this.io = new StreamIo(socket, connecting, this);
        this.pairEnd = pairEnd;
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
    protected UnixAddress implLocalAddress() throws IOException {
        UnixAddress local = UnixAddresses.fromJdk(io.localAddress());
        return pairEnd ? UnixAddress.unnamed() : local;
    }

    @Override
    protected UnixAddress implPeerAddress() throws IOException {
        UnixAddress peer = UnixAddresses.fromJdk(io.peerAddress());
        return pairEnd ? UnixAddress.unnamed() : peer;
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
