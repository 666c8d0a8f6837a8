package io.mio.iocp;

import io.mio.net.UnixAddress;
import io.mio.spi.Capability;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A thread's native buffers for Winsock calls, made once per thread: the call state (which must be
 * the calling thread's), a data buffer that heap buffers are copied through, a socket address, an
 * {@code int} in-out length and an option value. Nothing is allocated per call.
 */
final class WinScratch {
    /** Bytes moved by one call at most; a larger buffer takes several calls by the user. */
    static final int DATA = 64 * 1024;
    /** Room for a {@code SOCKADDR_IN6} and more ({@code sockaddr_storage} is 128 bytes). */
    static final int ADDRESS = 128;
    private static final java.lang.foreign.ValueLayout.OfShort NET_SHORT =
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<WinScratch> SCRATCH = ThreadLocal.withInitial(WinScratch::new);

    final MemorySegment state;
    final MemorySegment data;
    final MemorySegment address;
    final MemorySegment length;
    final MemorySegment option;

    private WinScratch() {
        Arena arena = Arena.ofAuto(); // freed with the thread's scratch
        state = Win32Calls.newCallState(arena);
        data = arena.allocate(DATA, 16);
        address = arena.allocate(ADDRESS, 8);
        length = arena.allocate(JAVA_INT);
        option = arena.allocate(16, 8);
    }

    /** {@return this thread's scratch} */
    static WinScratch get() {
        return SCRATCH.get();
    }

    /** {@return the address buffer, with the length set to its room, for getsockname and the like} */
    MemorySegment addressOut() {
        length.set(JAVA_INT, 0, ADDRESS);
        return address;
    }

    /**
     * Encodes {@code target} into {@link #address} for a socket of {@code family}: a Unix-domain
     * socket's {@link UnixAddress} as {@link #encode(UnixAddress)} does, an IP socket's
     * {@link InetSocketAddress} as a {@code SOCKADDR_IN}/{@code SOCKADDR_IN6}, where an IPv4 address
     * for an IPv6 socket becomes its mapped form.
     *
     * @return the encoded slice
     */
    MemorySegment encode(int family, SocketAddress socketAddress) {
        if (family == Win32.AF_UNIX) {
            return encode((UnixAddress) socketAddress);
        }
        InetSocketAddress target = (InetSocketAddress) socketAddress;
        InetAddress ip = target.getAddress();
        address.fill((byte) 0);
        address.set(JAVA_SHORT, 0, (short) family);
        address.set(NET_SHORT, 2, (short) target.getPort());
        byte[] bytes = ip.getAddress();
        if (family == Win32.AF_INET) {
            MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 4, 4);
            return address.asSlice(0, Win32.SOCKADDR_IN.byteSize());
        }
        if (bytes.length == 4) {
            address.set(JAVA_BYTE, 18, (byte) 0xFF);
            address.set(JAVA_BYTE, 19, (byte) 0xFF);
            MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 20, 4);
        } else {
            MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 8, 16);
            if (ip instanceof Inet6Address v6) {
                address.set(JAVA_INT, 24, v6.getScopeId());
            }
        }
        return address.asSlice(0, Win32.SOCKADDR_IN6.byteSize());
    }

    /**
     * Encodes a Unix-domain path into {@link #address}: a {@code SOCKADDR_UN} with the path's
     * bytes and a terminating NUL. Windows has no abstract names.
     *
     * @return the encoded slice
     * @throws IllegalArgumentException if the path does not fit in {@code sun_path} or is abstract
     */
    MemorySegment encode(UnixAddress target) {
        if (target.isAbstract() || target.isUnnamed()) {
            throw new IllegalArgumentException("backend 'iocp' cannot " + Capability.UNIX_ABSTRACT_NAMES.description()
                    + " or bind an unnamed address: " + target);
        }
        byte[] path = target.path().toString().getBytes(StandardCharsets.UTF_8);
        int room = (int) Win32.SOCKADDR_UN.byteSize() - 2 - 1;
        if (path.length > room) {
            throw new IllegalArgumentException("Unix-domain path of " + path.length + " bytes is longer than "
                    + room + " (sun_path holds 108 with its NUL): " + target);
        }
        address.fill((byte) 0);
        address.set(JAVA_SHORT, 0, (short) Win32.AF_UNIX);
        MemorySegment.copy(path, 0, address, JAVA_BYTE, 2, path.length);
        return address.asSlice(0, 2 + path.length + 1);
    }

    /** {@return the Unix-domain address in {@link #address}, {@link #length} bytes long} */
    UnixAddress decodeUnix() {
        int size = Math.min(length.get(JAVA_INT, 0), ADDRESS) - 2;
        int n = 0;
        while (n < size && address.get(JAVA_BYTE, 2 + n) != 0) {
            n++;
        }
        if (n == 0) {
            return UnixAddress.unnamed();
        }
        byte[] path = new byte[n];
        MemorySegment.copy(address, JAVA_BYTE, 2, path, 0, n);
        return UnixAddress.of(Path.of(new String(path, StandardCharsets.UTF_8)));
    }

    /** {@return the address in {@link #address}, or null if it holds no IP family} */
    InetSocketAddress decode() {
        int family = address.get(JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(address.get(NET_SHORT, 2));
        try {
            if (family == Win32.AF_INET) {
                byte[] bytes = new byte[4];
                MemorySegment.copy(address, JAVA_BYTE, 4, bytes, 0, 4);
                return new InetSocketAddress(Inet4Address.getByAddress(bytes), port);
            }
            if (family == Win32.AF_INET6) {
                byte[] bytes = new byte[16];
                MemorySegment.copy(address, JAVA_BYTE, 8, bytes, 0, 16);
                int scope = address.get(JAVA_INT, 24);
                InetAddress ip = scope != 0 ? Inet6Address.getByAddress(null, bytes, scope) : InetAddress.getByAddress(bytes);
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes", e);
        }
        return null;
    }
}
