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
}
