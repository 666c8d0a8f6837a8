package io.mio.posix;

import io.mio.net.UnixAddress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Encodes Java addresses into {@code sockaddr} structs and decodes them back, following the
 * layouts of {@link Os}. Decoding allocates the returned address and nothing else.
 */
final class Sockaddr {
    /** in_port_t and in_addr_t are in network byte order. */
    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private Sockaddr() {
    }

    /** @return the address family of sockets for {@code address}: AF_INET or AF_INET6 */
    static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? Os.AF_INET6 : Os.AF_INET;
    }

    private static void putFamily(MemorySegment sa, int length, int family) {
        if (Os.BSD_SOCKADDR) {
            sa.set(JAVA_BYTE, 0, (byte) length);
            sa.set(JAVA_BYTE, 1, (byte) family);
        } else {
            sa.set(JAVA_SHORT, 0, (short) family);
        }
    }

    /** @return the family field of a sockaddr */
    static int getFamily(MemorySegment sa) {
        return Os.BSD_SOCKADDR ? sa.get(JAVA_BYTE, 1) & 0xff : sa.get(JAVA_SHORT, 0) & 0xffff;
    }

    /**
     * Writes {@code address} as a sockaddr for a socket of {@code socketFamily}: an IPv4 address for
     * an IPv6 socket becomes IPv4-mapped ({@code ::ffff:a.b.c.d}).
     *
     * @param sa at least sockaddr_storage's size
     * @return the sockaddr's length
     */
    static int encode(MemorySegment sa, int socketFamily, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        int port = address.getPort();
        if (socketFamily == Os.AF_INET6) {
            int length = (int) Os.SOCKADDR_IN6.byteSize();
            sa.asSlice(0, length).fill((byte) 0);
            putFamily(sa, length, Os.AF_INET6);
            sa.set(NET_SHORT, Os.SIN6_PORT, (short) port);
            byte[] bytes = ip.getAddress();
            if (bytes.length == 4) {
                sa.set(JAVA_BYTE, Os.SIN6_ADDR + 10, (byte) 0xff);
                sa.set(JAVA_BYTE, Os.SIN6_ADDR + 11, (byte) 0xff);
                MemorySegment.copy(bytes, 0, sa, JAVA_BYTE, Os.SIN6_ADDR + 12, 4);
            } else {
                MemorySegment.copy(bytes, 0, sa, JAVA_BYTE, Os.SIN6_ADDR, 16);
                if (ip instanceof Inet6Address v6) {
                    sa.set(JAVA_INT, Os.SIN6_SCOPE_ID, v6.getScopeId());
                }
            }
            return length;
        }
        int length = (int) Os.SOCKADDR_IN.byteSize();
        sa.asSlice(0, length).fill((byte) 0);
        byte[] bytes = ip.getAddress();
        // an IPv6 address for an IPv4 socket: send it as AF_INET6 and let the kernel refuse it (EAFNOSUPPORT)
        if (bytes.length != 4) {
            return encode(sa, Os.AF_INET6, address);
        }
        putFamily(sa, length, Os.AF_INET);
        sa.set(NET_SHORT, Os.SIN_PORT, (short) port);
        MemorySegment.copy(bytes, 0, sa, JAVA_BYTE, Os.SIN_ADDR, 4);
        return length;
    }

    /**
     * Reads an AF_INET or AF_INET6 sockaddr. An IPv4-mapped IPv6 address decodes to an
     * {@link Inet4Address}, as the JDK's sockets report it.
     *
     * @return the address, or null if the family is neither (e.g. an unconnected AF_UNSPEC)
     */
    static InetSocketAddress decodeInet(MemorySegment sa) {
        int family = getFamily(sa);
        try {
            if (family == Os.AF_INET) {
                byte[] bytes = new byte[4];
                MemorySegment.copy(sa, JAVA_BYTE, Os.SIN_ADDR, bytes, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(bytes), sa.get(NET_SHORT, Os.SIN_PORT) & 0xffff);
            }
            if (family == Os.AF_INET6) {
                byte[] bytes = new byte[16];
                MemorySegment.copy(sa, JAVA_BYTE, Os.SIN6_ADDR, bytes, 0, 16);
                int scope = sa.get(JAVA_INT, Os.SIN6_SCOPE_ID);
                InetAddress ip = scope != 0 && !isV4Mapped(bytes)
                        ? Inet6Address.getByAddress(null, bytes, scope)
                        : InetAddress.getByAddress(bytes);
                return new InetSocketAddress(ip, sa.get(NET_SHORT, Os.SIN6_PORT) & 0xffff);
            }
            return null;
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", impossible);
        }
    }

    private static boolean isV4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    /**
     * Writes a Unix-domain address.
     *
     * @return the sockaddr's length
     * @throws IllegalArgumentException if the path or name does not fit in {@code sun_path}
     */
    static int encode(MemorySegment sa, UnixAddress address) {
        int size = (int) Os.SOCKADDR_UN.byteSize();
        sa.asSlice(0, size).fill((byte) 0);
        int length;
        if (address.isAbstract()) {
            byte[] name = address.abstractName();
            if (!Os.LINUX) {
                throw new UnsupportedOperationException("abstract Unix socket names exist only on Linux: " + address);
            }
            // sun_path holds a leading NUL then the name; the length says where it ends
            if (name.length > Os.SUN_PATH_SIZE - 1) {
                throw new IllegalArgumentException("abstract Unix socket name is " + name.length
                        + " bytes, more than the " + (Os.SUN_PATH_SIZE - 1) + " that sun_path holds after its leading NUL");
            }
            MemorySegment.copy(name, 0, sa, JAVA_BYTE, Os.SUN_PATH + 1, name.length);
            length = (int) Os.SUN_PATH + 1 + name.length;
        } else if (address.isUnnamed()) {
            length = (int) Os.SUN_PATH;
        } else {
            byte[] path = address.path().toString().getBytes(StandardCharsets.UTF_8);
            if (path.length > Os.SUN_PATH_SIZE - 1) {
                throw new IllegalArgumentException("Unix socket path is " + path.length + " bytes, more than the "
                        + (Os.SUN_PATH_SIZE - 1) + " that sun_path (" + Os.SUN_PATH_SIZE
                        + " bytes with the terminating NUL) holds: " + address);
            }
            MemorySegment.copy(path, 0, sa, JAVA_BYTE, Os.SUN_PATH, path.length);
            length = (int) Os.SUN_PATH + path.length + 1;
        }
        putFamily(sa, length, Os.AF_UNIX);
        return length;
    }

    /**
     * Reads a Unix-domain sockaddr of {@code length} bytes (as returned by getsockname, accept or
     * recvfrom).
     *
     * @return the address; unnamed for an unbound socket
     */
    static UnixAddress decodeUnix(MemorySegment sa, int length) {
        int pathLength = length - (int) Os.SUN_PATH;
        if (pathLength <= 0) {
            return UnixAddress.unnamed();
        }
        if (sa.get(JAVA_BYTE, Os.SUN_PATH) == 0) {
            byte[] name = new byte[pathLength - 1];
            MemorySegment.copy(sa, JAVA_BYTE, Os.SUN_PATH + 1, name, 0, name.length);
            return UnixAddress.ofAbstract(name);
        }
        int end = 0;
        while (end < pathLength && sa.get(JAVA_BYTE, Os.SUN_PATH + end) != 0) {
            end++;
        }
        byte[] path = new byte[end];
        MemorySegment.copy(sa, JAVA_BYTE, Os.SUN_PATH, path, 0, end);
        return UnixAddress.of(java.nio.file.Path.of(new String(path, StandardCharsets.UTF_8)));
    }
}
