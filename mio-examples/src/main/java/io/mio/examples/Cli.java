package io.mio.examples;

import io.mio.net.TcpListener;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * What every example's {@code main} shares: an expected failure (a bad argument, an address in use,
 * an unknown or unavailable backend, a refused connection) is one line on standard error and exit
 * status 1, not a stack trace; Ctrl-C or SIGTERM stops a server through its own stop method, so it
 * closes its sockets and says so in one line.
 */
final class Cli {
    /** The body of a {@code main}. */
    @FunctionalInterface
    interface Body {
        void run() throws IOException;
    }

    /** Set once main's body has returned or failed: the shutdown hook then has nothing to stop. */
    private static volatile boolean finished;

    private Cli() {
    }

    /**
     * Runs {@code body}; an expected failure is printed as {@code "program: message"} and the JVM
     * exits with status 1. Anything else (a bug) keeps its stack trace.
     *
     * @param program the example's name, for the message
     * @param body what the example does
     */
    static void run(String program, Body body) {
        try {
            body.run();
            finished = true;
        } catch (IOException | IllegalArgumentException e) {
            finished = true; // before exit: the hook must not wait for this thread, which waits for the hook
            // a multi-line message (the backend listing) becomes one line
            String message = String.valueOf(e.getMessage()).strip()
                    .replaceAll(":\\s*\\R\\s*", ": ").replaceAll("\\s*\\R\\s*", "; ");
            System.err.println(program + ": " + message);
            System.exit(1);
        }
    }

    /**
     * Makes Ctrl-C and SIGTERM call {@code stop} and wait (briefly) for the calling thread, the one
     * that runs the server, to finish closing.
     *
     * @param stop makes the server's loop return; called at most once, from the shutdown hook
     */
    static void stopOnSignal(Body stop) {
        Thread server = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished || !server.isAlive()) {
                return; // main has already returned or failed: nothing to stop
            }
            try {
                stop.run();
                server.join(5_000);
            } catch (IOException | InterruptedException e) {
                // the JVM is going down anyway; the server's sockets close with it
            }
        }, "stop-on-signal"));
    }

    /**
     * Binds a listener; a failure names the address, which not every backend's message does.
     *
     * @param address where to listen
     * @param provider the backend
     * @return the listener
     * @throws IOException if binding fails; a {@link BindException} for an address in use
     */
    static TcpListener bind(InetSocketAddress address, PollProvider provider) throws IOException {
        try {
            return TcpListener.bind(address, provider);
        } catch (BindException e) {
            String where = address.getHostString() + ":" + address.getPort();
            throw e.getMessage() != null && e.getMessage().contains(where) ? e
                    : (BindException) new BindException("cannot listen on " + where + ": " + e.getMessage()).initCause(e);
        }
    }
}
