package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.UnixAddress;
import io.mio.spi.PollProvider;
import io.mio.spi.SocketIo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * What every native socket does the same way, whatever its shape ({@link NativeStream},
 * {@link NativeListener}, {@link NativeDatagram}) and family: options, pending error and addresses
 * (the guarded descriptor, its registration link and close are {@link NativeSource}'s). One class
 * per shape serves TCP and Unix-domain sockets alike; the family chooses the address encoding and
 * the options.
 *
 * <p>The closed check of each call is the descriptor's guard ({@link NativeFd#acquire()}); a call
 * that answers without the descriptor checks with {@link #ensureOpen()} instead, never both.
 *
 * @param <A> the address type: {@link InetSocketAddress} or {@link UnixAddress}
 */
abstract class NativeSocket<A extends SocketAddress> extends NativeSource implements SocketIo<A> {
    static final Set<SocketOption<?>> TCP_STREAM_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS,
            MioSocketOptions.IP_TTL, MioSocketOptions.IPV6_V6ONLY);
    static final Set<SocketOption<?>> TCP_LISTENER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_TOS,
            MioSocketOptions.IP_TTL, MioSocketOptions.IPV6_V6ONLY);
    static final Set<SocketOption<?>> UDP_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_TOS, StandardSocketOptions.IP_MULTICAST_IF,
            StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP,
            MioSocketOptions.IP_TTL, MioSocketOptions.IPV6_V6ONLY);
    static final Set<SocketOption<?>> UNIX_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF);
    static final Set<SocketOption<?>> UNIX_LISTENER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF);

    /** AF_INET, AF_INET6 or AF_UNIX: selects the option levels and sockaddr encoding. */
    final int family;
    private final Set<SocketOption<?>> options;

    /**
     * @param provider the backend the socket belongs to
     * @param fd a socket descriptor this object now owns
     * @param family its address family
     * @param options the options it supports
     */
    NativeSocket(PollProvider provider, int fd, int family, Set<SocketOption<?>> options) {
        super(provider, fd, true);
        this.family = family;
        this.options = options;
    }

    final boolean unix() {
        return family == Os.AF_UNIX;
    }

    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return options;
    }

    @Override
    public final <T> void setOption(SocketOption<T> name, T value) throws IOException {
        Sockets.setOption(nfd, family, name, value);
    }

    @SuppressWarnings("unchecked") // Sockets.getOption returns the option's type
    @Override
    public final <T> T getOption(SocketOption<T> name) throws IOException {
        return (T) Sockets.getOption(nfd, family, name);
    }

    /** The pending SO_ERROR as an exception (reading clears it), or null; a stream overrides it. */
    @Override
    public IOException takeError() throws IOException {
        int errno = Sockets.takeErrno(nfd);
        return errno == 0 ? null : Errno.exception("socket error (SO_ERROR)", errno);
    }

    @Override
    public final A localAddress() throws IOException {
        return name(false);
    }

    /**
     * getsockname or getpeername, decoded for the family.
     *
     * @return the address; null for a peer when not connected
     */
    @SuppressWarnings("unchecked") // the family decides A: AF_UNIX sockets are made with UnixAddress
    final A name(boolean peer) throws IOException {
        return (A) (unix() ? Sockets.unixName(nfd, peer) : Sockets.inetName(nfd, peer));
    }

    /**
     * Encodes an address of this socket's family into the thread's scratch address.
     *
     * @return the encoded length
     */
    final int encode(Scratch s, A address) {
        return unix() ? Sockaddr.encode(s.address(), (UnixAddress) address)
                : Sockaddr.encode(s.address(), family, (InetSocketAddress) address);
    }

    /** @return the address in the thread's scratch, {@code length} bytes long, decoded for the family */
    @SuppressWarnings("unchecked")
    final A decode(Scratch s, int length) {
        return (A) (unix() ? Sockaddr.decodeUnix(s.address(), length) : Sockaddr.decodeInet(s.address()));
    }

    /** @return how messages name an address of this family */
    final String text(A address) {
        return unix() ? address.toString() : Sockets.text((InetSocketAddress) address);
    }

    /** @return the API type's name, for {@link #toString()} */
    abstract String kind();

    @Override
    public String toString() {
        return kind() + "[" + provider().name() + ", " + nfd + "]";
    }
}
