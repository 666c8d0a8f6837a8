/**
 * The POSIX layer shared by the native backends: libc called through the Foreign Function and
 * Memory API (no JNI, no C shim), errno mapping, per-OS constants and {@code sockaddr} layouts, and
 * the native sockets, pipes and raw descriptors the backends hand to users.
 *
 * <p><b>Native access stays behind the JDK's gate.</b> Every downcall handle of the native backends
 * is made here ({@code io.mio.posix.Downcalls}), so the JDK checks native access against this module:
 * run with {@code --enable-native-access=io.mio.posix} on the module path (the backend modules make
 * no restricted call themselves). Because a handle made here runs with this module's grant, the
 * package is exported only to the backend modules that build on it, by name: a module that was not
 * granted native access cannot reach a class that performs a native call or closes a descriptor.
 * A new backend in this project is added to this list when it lands; a third-party backend cannot
 * use this layer on the module path (it brings its own downcalls, under its own grant), and on the
 * class path everything is one unnamed module, granted
 * together with {@code --enable-native-access=ALL-UNNAMED}.
 */
@SuppressWarnings("module") // the backend modules are compiled after this one
module io.mio.posix {
    requires transitive io.mio;

    exports io.mio.posix to io.mio.epoll, io.mio.poll, io.mio.kqueue, io.mio.uring;
}
