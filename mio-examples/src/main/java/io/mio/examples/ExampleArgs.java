package io.mio.examples;

import io.mio.Poll;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The command line every example takes: {@code [host:port] [backend]}. Without a backend the
 * default one is used ({@code -Dio.mio.backend=NAME} or the best available).
 *
 * @param address where to listen or connect
 * @param backend the backend's name, or {@code null} for the default
 */
public record ExampleArgs(InetSocketAddress address, String backend) {
    /**
     * Parses {@code args}.
     *
     * @param args {@code [host:port] [backend]}
     * @param defaultAddress the address when none is given
     * @return the parsed arguments
     * @throws IllegalArgumentException if the address is not {@code host:port}
     */
    public static ExampleArgs parse(String[] args, String defaultAddress) {
        String text = args.length > 0 ? args[0] : defaultAddress;
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(text.substring(colon + 1));
        return new ExampleArgs(new InetSocketAddress(host, port), args.length > 1 ? args[1] : null);
    }

    /**
     * Opens a poll of the chosen backend.
     *
     * @return the poll
     * @throws IOException if the backend is unavailable
     */
    public Poll openPoll() throws IOException {
        return backend == null ? Poll.open() : Poll.open(backend);
    }
}
