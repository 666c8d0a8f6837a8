/**
 * The epoll backend of mio for Java: Linux's epoll and eventfd through the Foreign Function and
 * Memory API, with the native sockets of {@code io.mio.posix}. Registered as the provider named
 * {@code "epoll"}; {@code Poll.open()} picks it on Linux.
 */
module io.mio.epoll {
    requires io.mio;
    requires io.mio.posix;

    provides io.mio.spi.PollProvider with io.mio.epoll.EpollProvider;
}
