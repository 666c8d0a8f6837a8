/** The getting-started programs of mio for Java: runnable servers and a client. */
module io.mio.examples {
    requires transitive io.mio;

    exports io.mio.examples;
}
