package io.mio.net;

/** Which half of a connection {@code shutdown} closes. */
public enum Shutdown {
    /** Stop reading: further reads return end of stream. */
    READ,
    /** Stop writing: the peer reads end of stream. */
    WRITE,
    /** Both halves. */
    BOTH
}
