package io.mio.posix;

import io.mio.net.MioSocketOptions;
import io.mio.net.UnixAddress;
import io.mio.spi.PollProvider;
import io.mio.spi.NativeSocketIo;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

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
abstract class NativeSocket<A extends SocketAddress> extends NativeSource implements NativeSocketIo<A> {
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
     * @param elision a TCP stream's read elision, else null
     */
    NativeSocket(PollProvider provider, int fd, int family, Set<SocketOption<?>> options, ReadElision elision) {
        super(provider, fd, true, elision);
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

    // options: one mapping for every socket type; each type lists the ones it supports (above)

    /**
     * An option held in an int: its level, name and text for IPv4 and Unix sockets and for IPv6
     * sockets (the same except for the IP-level options, which have IPv6 variants), and what it
     * accepts: a boolean (0 or 1) or an int in {@code min..max}.
     */
    private record IntOption(int level, int option, String text, int v6Level, int v6Option, String v6Text,
                             boolean bool, int min, int max) {
        static IntOption flag(int level, int option, String text) {
            return new IntOption(level, option, text, level, option, text, true, 0, 1);
        }

        static IntOption number(int level, int option, String text, int min, int max) {
            return new IntOption(level, option, text, level, option, text, false, min, max);
        }

        /** @return this option with its IPv6 variant */
        IntOption v6(int level, int option, String text) {
            return new IntOption(this.level, this.option, this.text, level, option, text, bool, min, max);
        }

        /** @return the value as the kernel's int, checked */
        int toInt(SocketOption<?> name, Object value) {
            if (bool) {
                return (Boolean) value ? 1 : 0;
            }
            int v = (Integer) value;
            if (v < min || v > max) {
                throw new IllegalArgumentException(max == Integer.MAX_VALUE
                        ? name + " must be positive, was " + v
                        : name + " must be in " + min + ".." + max + ", was " + v);
            }
            return v;
        }
    }

    /** Every int option; SO_LINGER and IP_MULTICAST_IF, which take structs, are handled apart. */
    private static final Map<SocketOption<?>, IntOption> INT_OPTIONS = Map.ofEntries(
            Map.entry(StandardSocketOptions.SO_RCVBUF,
                    IntOption.number(Os.SOL_SOCKET, Os.SO_RCVBUF, "SO_RCVBUF", 1, Integer.MAX_VALUE)),
            Map.entry(StandardSocketOptions.SO_SNDBUF,
                    IntOption.number(Os.SOL_SOCKET, Os.SO_SNDBUF, "SO_SNDBUF", 1, Integer.MAX_VALUE)),
            Map.entry(StandardSocketOptions.SO_KEEPALIVE, IntOption.flag(Os.SOL_SOCKET, Os.SO_KEEPALIVE, "SO_KEEPALIVE")),
            Map.entry(StandardSocketOptions.SO_REUSEADDR, IntOption.flag(Os.SOL_SOCKET, Os.SO_REUSEADDR, "SO_REUSEADDR")),
            Map.entry(StandardSocketOptions.SO_REUSEPORT, IntOption.flag(Os.SOL_SOCKET, Os.SO_REUSEPORT, "SO_REUSEPORT")),
            Map.entry(StandardSocketOptions.SO_BROADCAST, IntOption.flag(Os.SOL_SOCKET, Os.SO_BROADCAST, "SO_BROADCAST")),
            Map.entry(StandardSocketOptions.TCP_NODELAY, IntOption.flag(Os.IPPROTO_TCP, Os.TCP_NODELAY, "TCP_NODELAY")),
            Map.entry(StandardSocketOptions.IP_TOS, IntOption.number(Os.IPPROTO_IP, Os.IP_TOS, "IP_TOS", 0, 255)
                    .v6(Os.IPPROTO_IPV6, Os.IPV6_TCLASS, "IPV6_TCLASS")),
            Map.entry(MioSocketOptions.IP_TTL, IntOption.number(Os.IPPROTO_IP, Os.IP_TTL, "IP_TTL", 1, 255)
                    .v6(Os.IPPROTO_IPV6, Os.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS")),
            Map.entry(MioSocketOptions.IPV6_V6ONLY, IntOption.flag(Os.IPPROTO_IPV6, Os.IPV6_V6ONLY, "IPV6_V6ONLY")),
            Map.entry(StandardSocketOptions.IP_MULTICAST_LOOP,
                    IntOption.flag(Os.IPPROTO_IP, Os.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP")
                            .v6(Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP")),
            Map.entry(StandardSocketOptions.IP_MULTICAST_TTL,
                    IntOption.number(Os.IPPROTO_IP, Os.IP_MULTICAST_TTL, "IP_MULTICAST_TTL", 0, 255)
                            .v6(Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS")));

    /** Sets an option; IPv6 sockets get the IPv6 variant of the IP-level ones. */
    @Override
    public final <T> void setOption(SocketOption<T> name, T value) throws IOException {
        boolean v6 = family == Os.AF_INET6;
        IntOption o = INT_OPTIONS.get(name);
        if (o != null) {
            Sockets.setInt(nfd, v6 ? o.v6Level : o.level, v6 ? o.v6Option : o.option, o.toInt(name, value),
                    v6 ? o.v6Text : o.text);
        } else if (name == StandardSocketOptions.SO_LINGER) {
            // as the JDK: a negative value turns lingering off; the kernel's field is an int of seconds
            int seconds = (Integer) value;
            Scratch s = Scratch.get();
            s.value().set(JAVA_INT, 0, seconds < 0 ? 0 : 1);
            s.value().set(JAVA_INT, Os.L_LINGER, seconds < 0 ? 0 : Math.min(seconds, 65535));
            Sockets.setRaw(nfd, Os.SOL_SOCKET, Os.SO_LINGER, s.value(), (int) Os.LINGER.byteSize(), "SO_LINGER");
        } else if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            NetworkInterface nif = (NetworkInterface) value;
            int index = Math.max(nif.getIndex(), 0);
            if (v6) {
                Sockets.setInt(nfd, Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_IF, index, "IPV6_MULTICAST_IF");
            } else {
                // ip_mreqn with the interface's address and index, so that reading the option back
                // (which returns the address) names the interface
                Scratch s = Scratch.get();
                s.value().asSlice(0, Os.IP_MREQN.byteSize()).fill((byte) 0);
                s.value().set(JAVA_INT, Os.IMR_ADDRESS, Sockets.ipv4Raw(Sockets.firstIpv4(nif)));
                s.value().set(JAVA_INT, Os.IMR_IFINDEX, index);
                Sockets.setRaw(nfd, Os.IPPROTO_IP, Os.IP_MULTICAST_IF, s.value(), (int) Os.IP_MREQN.byteSize(), "IP_MULTICAST_IF");
            }
        } else {
            throw new UnsupportedOperationException("socket option " + name);
        }
    }

    @SuppressWarnings("unchecked") // the table and the struct options decode to the option's type
    @Override
    public final <T> T getOption(SocketOption<T> name) throws IOException {
        boolean v6 = family == Os.AF_INET6;
        IntOption o = INT_OPTIONS.get(name);
        if (o != null) {
            int v = Sockets.getInt(nfd, v6 ? o.v6Level : o.level, v6 ? o.v6Option : o.option, v6 ? o.v6Text : o.text);
            return (T) (o.bool ? Boolean.valueOf(v != 0) : Integer.valueOf(v));
        } else if (name == StandardSocketOptions.SO_LINGER) {
            return (T) Integer.valueOf(linger());
        } else if (name == StandardSocketOptions.IP_MULTICAST_IF) {
            if (v6) {
                int index = Sockets.getInt(nfd, Os.IPPROTO_IPV6, Os.IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF");
                return index == 0 ? null : (T) NetworkInterface.getByIndex(index);
            }
            int raw = Sockets.getInt(nfd, Os.IPPROTO_IP, Os.IP_MULTICAST_IF, "IP_MULTICAST_IF"); // an in_addr
            if (raw == 0) {
                return null;
            }
            byte[] bytes = new byte[4];
            MemorySegment.ofArray(bytes).set(JAVA_INT_UNALIGNED, 0, raw); // same byte order as it came
            return (T) NetworkInterface.getByInetAddress(InetAddress.getByAddress(bytes));
        }
        throw new UnsupportedOperationException("socket option " + name);
    }

    /** @return SO_LINGER's seconds, -1 when lingering is off */
    private int linger() throws IOException {
        Sockets.getRaw(nfd, Os.SOL_SOCKET, Os.SO_LINGER, (int) Os.LINGER.byteSize(), "SO_LINGER");
        MemorySegment linger = Scratch.get().value();
        return linger.get(JAVA_INT, 0) == 0 ? -1 : linger.get(JAVA_INT, Os.L_LINGER);
    }

    // takeError and localAddress are NativeSocketIo's (a stream's takeError, NativeStreamIo's)

    @Override
    public final int takeErrorCode() throws IOException {
        return Sockets.getInt(nfd, Os.SOL_SOCKET, Os.SO_ERROR, "SO_ERROR");
    }

    /** @return the exception for an errno of {@code call} ({@link Errno#exception}) */
    @Override
    public final IOException failure(String call, int errno) {
        return Errno.exception(call, errno);
    }

    /**
     * getsockname or getpeername, decoded for the family.
     *
     * @return the address; null for a peer when not connected
     */
    @SuppressWarnings("unchecked") // the family decides A: AF_UNIX sockets are made with UnixAddress
    @Override
    public final A name(boolean peer) throws IOException {
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

    /** @return the API type's name, for {@link #toString()} */
    abstract String kind();

    @Override
    public String toString() {
        return kind() + "[" + provider().name() + ", " + nfd + "]";
    }
}
