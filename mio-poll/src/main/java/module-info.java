/**
 * The poll(2) backend of mio for Java: level-triggered {@code poll} with edge emulation through the
 * Foreign Function and Memory API, with the native sockets of {@code io.mio.posix}. Registered as
 * the provider named {@code "poll"} (priority 50: below epoll, above the JDK's Selector), so
 * {@code Poll.open()} picks it where epoll is unavailable, e.g. denied by a seccomp filter.
 */
module io.mio.poll {
    requires io.mio;
    requires io.mio.posix;

    provides io.mio.spi.PollProvider with io.mio.poll.PosixPollProvider;
}
