package io.mio.net;

import java.net.SocketOption;

/**
 * Socket options mio offers that {@link java.net.StandardSocketOptions} lacks. Use them with
 * {@link NetSocket#setOption} and {@link NetSocket#getOption} where the backend lists them in
 * {@link NetSocket#supportedOptions()}.
 */
public final class MioSocketOptions {
    /** The unicast time-to-live ({@code IP_TTL}); mio's {@code ttl}/{@code set_ttl}. */
    public static final SocketOption<Integer> IP_TTL = new Option<>("IP_TTL", Integer.class);
    /** Whether an IPv6 socket accepts IPv6 only ({@code IPV6_V6ONLY}); mio's {@code only_v6}. */
    public static final SocketOption<Boolean> IPV6_V6ONLY = new Option<>("IPV6_V6ONLY", Boolean.class);

    private MioSocketOptions() {
    }

    private record Option<T>(String name, Class<T> type) implements SocketOption<T> {
        @Override
        public String toString() {
            return name;
        }
    }
}
