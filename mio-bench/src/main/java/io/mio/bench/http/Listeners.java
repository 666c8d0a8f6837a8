package io.mio.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

/** How the benchmark's servers listen (backlog, JDK and Netty set-up), written once for the load and memory benchmarks. */
public final class Listeners {

    /** The listen backlog of every stack. */
    public static final int BACKLOG = 1024;

    private Listeners() {
    }

    /** A non-blocking listener on {@code address}, registered with {@code selector} for OP_ACCEPT. */
    public static ServerSocketChannel nio(final Selector selector, final InetSocketAddress address) throws IOException {
        final ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(address, BACKLOG);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    /** A server bootstrap on {@code group} with the epoll transport and the common backlog. */
    public static ServerBootstrap nettyEpoll(final EventLoopGroup group) {
        return netty(group, EpollServerSocketChannel.class);
    }

    static ServerBootstrap netty(final EventLoopGroup group,
                                 final Class<? extends io.netty.channel.ServerChannel> type) {
        return new ServerBootstrap().group(group).channel(type).option(ChannelOption.SO_BACKLOG, BACKLOG);
    }

    /** Binds {@code bootstrap} to {@code address} and waits for it. */
    public static Channel bind(final ServerBootstrap bootstrap, final InetSocketAddress address) throws IOException {
        try {
            return bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
