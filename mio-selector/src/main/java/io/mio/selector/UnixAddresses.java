package io.mio.selector;

import io.mio.net.UnixAddress;
import io.mio.spi.Capability;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/** Conversions between mio's {@link UnixAddress} and the JDK's {@link UnixDomainSocketAddress}. */
final class UnixAddresses {
    private UnixAddresses() {
    }

    /**
     * @param provider the backend, for the exception
     * @param address a path-name address
     * @return the JDK's address
     * @throws UnsupportedOperationException for an abstract name: the JDK has none
     */
    static UnixDomainSocketAddress toJdk(SelectorPollProvider provider, UnixAddress address) {
        if (address.isAbstract()) {
            throw provider.unsupportedCapability(Capability.UNIX_ABSTRACT_NAMES);
        }
        return UnixDomainSocketAddress.of(address.path());
    }

    /**
     * @param address a {@link UnixDomainSocketAddress}, or null
     * @return mio's address (unnamed for an empty path), or null for null
     */
    static UnixAddress fromJdk(SocketAddress address) {
        if (address == null) {
            return null;
        }
        Path path = ((UnixDomainSocketAddress) address).getPath();
        return path.toString().isEmpty() ? UnixAddress.unnamed() : UnixAddress.of(path);
    }
}
