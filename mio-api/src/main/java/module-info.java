/**
 * mio for Java: readiness-based, non-blocking I/O over the operating system's event queue.
 *
 * <p>{@link io.mio} holds the event loop ({@link io.mio.Poll}, {@link io.mio.Registry},
 * {@link io.mio.Events}), {@link io.mio.net} the non-blocking sockets, {@link io.mio.unix} pipes and
 * raw descriptors, and {@link io.mio.spi} the contract a backend implements. Backends are found with
 * {@link java.util.ServiceLoader}; this module contains none.
 */
module io.mio {
    exports io.mio;
    exports io.mio.net;
    exports io.mio.unix;
    exports io.mio.spi;

    uses io.mio.spi.PollProvider;
}
