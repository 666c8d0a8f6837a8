package io.mio.tck;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The loopback address family a network test runs on; IPv6 cases skip, with the reason, without ::1. */
public enum IpFamily {
    /** 127.0.0.1 */
    IPV4("IPv4", new byte[] {127, 0, 0, 1}),
    /** ::1 */
    IPV6("IPv6", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private final String label;
    private final InetAddress loopback;

    IpFamily(String label, byte[] address) {
        this.label = label;
        try {
            this.loopback = InetAddress.getByAddress(address);
        } catch (UnknownHostException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    /** {@return the loopback address of this family} */
    public InetAddress loopback() {
        return loopback;
    }

    @Override
    public String toString() {
        return label;
    }
}
