package io.mio.examples;

import io.mio.Poll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line every example takes: {@code [host:port | port] [backend]}. Without a backend the
 * default one is used ({@code -Dio.mio.backend=NAME} or the best available).
 *
 * <p>Arguments are also split at white space, because {@code -Dexample.args="127.0.0.1:9000 selector"}
 * reaches the program as one argument.
 *
 * @param address where to listen or connect
 * @param backend the backend's name, or {@code null} for the default
 * @param rest the arguments after the backend (e.g. {@link EchoClient}'s message), possibly empty
 */
public record ExampleArgs(InetSocketAddress address, String backend, List<String> rest) {
    /**
     * Checks and copies the components.
     *
     * @param address where to listen or connect
     * @param backend the backend's name, or {@code null} for the default
     * @param rest the arguments after the backend
     */
    public ExampleArgs {
        rest = List.copyOf(rest);
    }

    /**
     * Parses {@code args}.
     *
     * @param args {@code [host:port | port] [backend] [more...]}
     * @param defaultAddress the address when none is given, as {@code host:port}
     * @return the parsed arguments
     * @throws IllegalArgumentException if the address is neither {@code host:port} nor a port, or the
     *     port is out of range
     */
    public static ExampleArgs parse(String[] args, String defaultAddress) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        InetSocketAddress address = address(words.isEmpty() ? defaultAddress : words.get(0));
        String backend = words.size() > 1 ? words.get(1) : null;
        return new ExampleArgs(address, backend, words.size() > 2 ? words.subList(2, words.size()) : List.of());
    }

    /**
     * Opens a poll of the chosen backend.
     *
     * @return the poll
     * @throws IllegalArgumentException if no backend has the chosen name
     * @throws IOException if the backend is unavailable here
     */
    public Poll openPoll() throws IOException {
        return backend == null ? Poll.open() : Poll.open(backend);
    }

    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon).replace("[", "").replace("]", "");
        String port = text.substring(colon + 1);
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("expected host:port or a port (0-65535) as the first argument, got '"
                    + text + "'");
        }
        InetSocketAddress address = new InetSocketAddress(host, Integer.parseInt(port));
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
        return address;
    }
}
