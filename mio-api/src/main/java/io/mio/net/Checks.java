package io.mio.net;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Argument checks shared by the socket factories. */
final class Checks {
    private Checks() {
    }

    static InetSocketAddress resolved(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        return address;
    }

    /**
     * Rejects option values no socket accepts, naming the option and the value (the JDK's own
     * messages name neither): negative buffer sizes, TTLs outside 0 to 255.
     */
    static void optionValue(java.net.SocketOption<?> name, Object value) {
        if (!(value instanceof Integer number)) {
            return;
        }
        int n = number;
        if ((name == java.net.StandardSocketOptions.SO_RCVBUF || name == java.net.StandardSocketOptions.SO_SNDBUF)
                && n < 0) {
            throw new IllegalArgumentException(name.name() + " must not be negative, was " + n);
        }
        if ((name == java.net.StandardSocketOptions.IP_MULTICAST_TTL || name == MioSocketOptions.IP_TTL)
                && (n < 0 || n > 255)) {
            throw new IllegalArgumentException(name.name() + " (ttl) must be 0 to 255, was " + n);
        }
    }
}
