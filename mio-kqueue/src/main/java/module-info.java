/**
 * The kqueue backend of mio for Java: kqueue and kevent of macOS, FreeBSD, NetBSD and OpenBSD
 * through the Foreign Function and Memory API, one facts class per kqueue flavour, with the native
 * sockets of {@code io.mio.posix}. Registered as the provider named {@code "kqueue"} (priority 90),
 * so {@code Poll.open()} picks it on macOS and the BSDs.
 */
module io.mio.kqueue {
    requires io.mio;
    requires io.mio.posix;

    provides io.mio.spi.PollProvider with io.mio.kqueue.KqueueProvider;
}
