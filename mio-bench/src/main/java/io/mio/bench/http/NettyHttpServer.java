package io.mio.bench.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The plaintext server on Netty 4.2 with one event-loop thread (it accepts and serves), on the epoll
 * or the NIO transport. The handler counts terminators as every other stack does and, once per read
 * burst ({@code channelReadComplete}), writes one buffer holding the owed responses; Netty's
 * outbound buffer and its writable interest handle partial writes. Netty's defaults are kept
 * (pooled allocator, adaptive receive buffers, edge-triggered epoll, TCP_NODELAY on).
 */
final class NettyHttpServer implements HttpServers.Server {

    private final EventLoopGroup group;
    private final Channel server;

    /** @param transport "epoll", "io_uring" or "nio" */
    NettyHttpServer(final InetSocketAddress address, final String transport) throws IOException {
        final IoHandlerFactory io;
        final Class<? extends ServerChannel> type;
        if (transport.equals("epoll")) {
            Epoll.ensureAvailability();
            io = EpollIoHandler.newFactory();
            type = EpollServerSocketChannel.class;
        } else if (transport.equals("io_uring")) {
            IoUring.ensureAvailability();
            io = IoUringIoHandler.newFactory();
            type = IoUringServerSocketChannel.class;
        } else {
            io = NioIoHandler.newFactory();
            type = NioServerSocketChannel.class;
        }
        group = new MultiThreadIoEventLoopGroup(1, io);
        server = Listeners.bind(Listeners.netty(group, type)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(final Channel ch) {
                        ch.pipeline().addLast(new Handler());
                    }
                }), address);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void run(final long deadlineNanos) throws IOException {
        try {
            server.closeFuture().await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private int scan;
        private int owed;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            final ByteBuf buf = (ByteBuf) msg;
            try {
                int state = scan;
                for (int i = buf.readerIndex(), end = buf.writerIndex(); i < end; i++) {
                    state = Http.step(state, buf.getByte(i));
                    if (state == 4) {
                        owed++;
                        state = 0;
                    }
                }
                scan = state;
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx) {
            if (owed == 0) {
                return;
            }
            final ByteBuf out = ctx.alloc().directBuffer(owed * Http.RESPONSE.length);
            for (int i = 0; i < owed; i++) {
                out.writeBytes(Http.RESPONSE);
            }
            owed = 0;
            ctx.writeAndFlush(out, ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }
    }
}
