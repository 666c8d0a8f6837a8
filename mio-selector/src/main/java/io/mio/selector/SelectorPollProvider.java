package io.mio.selector;

import io.mio.Poll;
import io.mio.net.TcpListener;
import io.mio.net.TcpStream;
import io.mio.net.UdpSocket;
import io.mio.net.UnixAddress;
import io.mio.net.UnixListener;
import io.mio.net.UnixStream;
import io.mio.spi.Availability;
import io.mio.spi.Capability;
import io.mio.spi.PollProvider;
import io.mio.unix.Pipe;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The portable backend, {@code "selector"}: {@link java.nio.channels.Selector} and the JDK's
 * channels. Priority 0, so any available native backend is preferred; available wherever
 * {@code Selector.open()} works (on Linux the JDK's selector is epoll, so a sandbox that denies
 * {@code epoll_create} makes it unavailable, with the JDK's message as the cause).
 *
 * <p>Capabilities: error events (for a failed connect), peek (emulated with a buffer), multicast,
 * pipes, Unix-domain stream sockets and pairs with path names, and {@code SO_REUSEPORT} where the
 * JDK supports it. Not: read-closed, write-closed and priority events (a selector cannot tell
 * them), Unix-domain datagrams and abstract names, raw descriptors, {@code IP_TTL} and
 * {@code IPV6_V6ONLY} (the JDK offers none of these).
 */
public final class SelectorPollProvider extends PollProvider {
    /** mio's listen backlog where the caller leaves it to us; the kernel caps it at somaxconn. */
    private static final int DEFAULT_BACKLOG = 1024;

    private volatile Availability availability;
    private volatile Set<Capability> capabilities;

    /** Creates the provider; found by {@link java.util.ServiceLoader}. */
    public SelectorPollProvider() {
    }

    @Override
    public String name() {
        return "selector";
    }

    @Override
    public Availability availability() {
        Availability known = availability;
        if (known == null) {
            try {
                Selector.open().close();
                known = Availability.AVAILABLE;
            } catch (IOException | RuntimeException | Error e) {
                // on Linux the JDK's Selector is an epoll instance: name the call a sandbox denied
                String facility = System.getProperty("os.name", "").startsWith("Linux")
                        ? " (the JDK's Selector on Linux calls epoll_create1)" : "";
                known = Availability.unavailable("Selector.open() failed" + facility + ": " + e);
            }
            availability = known;
        }
        return known;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> known = capabilities;
        if (known == null) {
            // level is the selector's own delivery; oneshot drops the key's operations once reported
            EnumSet<Capability> found = EnumSet.of(Capability.ERROR_EVENTS, Capability.PEEK,
                    Capability.MULTICAST, Capability.PIPES, Capability.REGISTRATION_MODES);
            if (probe(() -> SocketChannel.open(StandardProtocolFamily.UNIX))) {
                found.add(Capability.UNIX_STREAM);
                found.add(Capability.UNIX_STREAM_PAIR);
            }
            if (reusePortSupported()) {
                found.add(Capability.REUSE_PORT);
            }
            known = Collections.unmodifiableSet(found);
            capabilities = known;
        }
        return known;
    }

    private interface Opener {
        Closeable open() throws IOException;
    }

    private static boolean probe(Opener opener) {
        try {
            opener.open().close();
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean reusePortSupported() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@link #unsupported} for the other classes of this backend. */
    UnsupportedOperationException unsupportedCapability(Capability missing) {
        return unsupported(missing);
    }

    @Override
    public Poll openPoll() throws IOException {
        return new SelectorPoll(this);
    }

    private static ProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    @Override
    public TcpListener bindTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        return closingOnFailure(ServerSocketChannel.open(familyOf(address)), server -> {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                if (!server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw unsupported(Capability.REUSE_PORT);
                }
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            bind(() -> server.bind(address, backlog > 0 ? backlog : DEFAULT_BACKLOG), address);
            server.configureBlocking(false);
            return new TcpListener(new ChannelListener<InetSocketAddress>(this, server, false));
        });
    }

    @Override
    public TcpStream connectTcpStream(InetSocketAddress address) throws IOException {
        return closingOnFailure(SocketChannel.open(familyOf(address)),
                socket -> new TcpStream(new ChannelStream<>(this, socket, startConnect(socket, address), false, false)));
    }

    @Override
    public UdpSocket bindUdpSocket(InetSocketAddress address) throws IOException {
        return closingOnFailure(DatagramChannel.open(familyOf(address)), channel -> {
            bind(() -> channel.bind(address), address);
            channel.configureBlocking(false);
            return new UdpSocket(new ChannelDatagram(this, channel));
        });
    }

    /** @throws UnsupportedOperationException for an abstract name: the JDK has none */
    @Override
    public UnixListener bindUnixListener(UnixAddress address) throws IOException {
        UnixDomainSocketAddress local = UnixAddresses.toJdk(this, address);
        return closingOnFailure(ServerSocketChannel.open(StandardProtocolFamily.UNIX), server -> {
            bind(() -> server.bind(local, DEFAULT_BACKLOG), address);
            server.configureBlocking(false);
            return new UnixListener(new ChannelListener<UnixAddress>(this, server, true));
        });
    }

    /** @throws UnsupportedOperationException for an abstract name: the JDK has none */
    @Override
    public UnixStream connectUnixStream(UnixAddress address) throws IOException {
        UnixDomainSocketAddress remote = UnixAddresses.toJdk(this, address);
        return closingOnFailure(SocketChannel.open(StandardProtocolFamily.UNIX),
                socket -> new UnixStream(new ChannelStream<>(this, socket, startConnect(socket, remote), true, false)));
    }

    /**
     * Makes {@code socket} non-blocking and starts connecting it.
     *
     * @return whether the connect is still in progress
     */
    private static boolean startConnect(SocketChannel socket, SocketAddress remote) throws IOException {
        socket.configureBlocking(false);
        return !socket.connect(remote);
    }

    /** A bind of a freshly opened channel. */
    private interface Bind {
        void run() throws IOException;
    }

    /**
     * Binds, naming the address in a failure as the native backends do: the JDK's
     * {@code BindException} says only "Address already in use".
     */
    private static void bind(Bind bind, Object address) throws IOException {
        try {
            bind.run();
        } catch (BindException e) {
            String where = address instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? (inet.getAddress() instanceof Inet6Address ? "[" + inet.getAddress().getHostAddress() + "]"
                            : inet.getAddress().getHostAddress()) + ":" + inet.getPort()
                    : String.valueOf(address); // as the native backends write it: 127.0.0.1:8080, [::1]:8080
            BindException named = new BindException("bind(" + where + ") failed: " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** What makes a source of a freshly opened channel. */
    private interface Setup<C, R> {
        R apply(C channel) throws IOException;
    }

    /**
     * Sets up a source of a freshly opened channel; closes the channel if that fails.
     *
     * @return what {@code setup} made
     */
    private static <C extends Closeable, R> R closingOnFailure(C channel, Setup<C, R> setup) throws IOException {
        try {
            return setup.apply(channel);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /**
     * The JDK has no {@code socketpair(2)}: connects two streams through a listener bound in a
     * fresh temporary directory (owner-only permissions), then removes the socket file and the
     * directory. Both ends report unnamed addresses, as with {@code socketpair(2)}.
     */
    @Override
    public UnixStream[] unixStreamPair() throws IOException {
        Path directory = Files.createTempDirectory("mio-pair");
        Path path = directory.resolve("s");
        SocketChannel client = null;
        SocketChannel accepted = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path), 1);
            client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(UnixDomainSocketAddress.of(path)); // blocking: a local connect is queued at once
            accepted = server.accept();
            client.configureBlocking(false);
            accepted.configureBlocking(false);
            return new UnixStream[] {
                new UnixStream(new ChannelStream<>(this, client, false, true, true)),
                new UnixStream(new ChannelStream<>(this, accepted, false, true, true))};
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(client, e);
            closeAfterFailure(accepted, e);
            throw e;
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    @Override
    public Pipe openPipe() throws IOException {
        return SelectorPipe.open(this);
    }

    private static void closeAfterFailure(Closeable resource, Exception failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
