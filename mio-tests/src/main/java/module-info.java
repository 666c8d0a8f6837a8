/**
 * The mio TCK: the conformance suite every backend runs unchanged.
 *
 * <p>The test classes of {@link io.mio.tck} take their backend from the JUnit configuration
 * parameter {@code io.mio.tck.provider} (and the optional {@code io.mio.tck.peer}); a backend runs
 * them all with one JUnit Platform suite class. See the module's README.
 */
module io.mio.tck {
    requires transitive io.mio;
    requires transitive org.junit.jupiter.api;

    exports io.mio.tck;
    // JUnit instantiates the test classes and calls their methods reflectively
    opens io.mio.tck to org.junit.platform.commons;
}
