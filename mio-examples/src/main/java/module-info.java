/** The getting-started programs of mio for Java: runnable servers and a client. */
module io.mio.examples {
    requires io.mio;

    exports io.mio.examples;
}
