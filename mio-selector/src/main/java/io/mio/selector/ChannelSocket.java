package io.mio.selector;

import io.mio.spi.PollProvider;
import io.mio.spi.SocketIo;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.util.Set;

/**
 * What every socket of this backend does the same way, whatever its shape ({@link ChannelStream},
 * {@link ChannelListener}, {@link ChannelDatagram}) and family: options, addresses and the pending
 * error over the JDK's {@link NetworkChannel}. Each call checks that the source is open once,
 * with {@link #ensureOpen()}, before it reaches the channel.
 *
 * @param <A> the address type: {@link java.net.InetSocketAddress} or {@link io.mio.net.UnixAddress}
 */
abstract class ChannelSocket<A extends SocketAddress> extends IoState implements SocketIo<A> {
    private final NetworkChannel network;
    /** The channel's options: fixed by its class, so read once. */
    private final Set<SocketOption<?>> options;
    /** Whether this is a Unix-domain socket: addresses are converted from the JDK's. */
    final boolean unix;

    <C extends SelectableChannel & NetworkChannel> ChannelSocket(PollProvider provider, C channel, boolean unix) {
        super(provider, channel);
        this.network = channel;
        this.options = channel.supportedOptions();
        this.unix = unix;
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return options;
    }

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) throws IOException {
        ensureOpen();
        network.setOption(name, value);
    }

    @Override
    public final <T> T getOption(SocketOption<T> name) throws IOException {
        ensureOpen();
        return network.getOption(name);
    }

    /** The JDK cannot read {@code SO_ERROR}; errors come as the exceptions of the calls. A stream overrides this. */
    @Override
    public IOException takeError() throws IOException {
        ensureOpen();
        return null;
    }

    @Override
    public A localAddress() throws IOException {
        ensureOpen();
        return address(network.getLocalAddress());
    }

    /** @return the JDK's address as this family's: mio's {@code UnixAddress} for a Unix-domain one */
    @SuppressWarnings("unchecked") // the family decides A
    final A address(SocketAddress jdk) {
        return (A) (unix ? UnixAddresses.fromJdk(jdk) : jdk);
    }

    /** @return the API type's name, for {@link #toString()} */
    abstract String kind();

    @Override
    public String toString() {
        return kind() + "[" + provider().name() + (isOpen() ? "" : ", closed") + "]";
    }
}
