/**
 * The POSIX layer shared by the native backends (epoll, kqueue): libc called through the Foreign
 * Function and Memory API (no JNI, no C shim), errno mapping, per-OS constants and {@code sockaddr}
 * layouts, and the native sockets, pipes and raw descriptors the backends hand to users.
 */
module io.mio.posix {
    requires transitive io.mio;

    exports io.mio.posix;
}
