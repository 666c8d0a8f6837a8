/**
 * The POSIX layer of the native backends: libc through the Foreign Function and Memory API.
 *
 * <ul>
 * <li>{@link io.mio.posix.Downcalls}: how every downcall handle is built (one {@code static final}
 *     handle per symbol, errno captured into a segment owned by the calling thread,
 *     {@code critical} only for calls that never block);</li>
 * <li>{@link io.mio.posix.Errno}: errno names and texts per OS, and the Java exception each becomes;</li>
 * <li>{@link io.mio.posix.Os}: the constants and struct layouts of the running OS (Linux checked
 *     against gcc; macOS and FreeBSD columns beside them for the kqueue backend);</li>
 * <li>{@link io.mio.posix.PosixSockets}: the factory of the native sockets, pipes and raw
 *     descriptors, which a backend's provider delegates to;</li>
 * <li>{@link io.mio.posix.FdSource}: how a backend's registry gets a source's descriptor;</li>
 * <li>{@link io.mio.posix.RegistrationTable} and {@link io.mio.posix.Registration}: the registrations
 *     of one poll by descriptor, with generation-tagged kernel user data; a source's I/O tells its
 *     registration when it would block (the re-arm of level-triggered backends), and any thread may
 *     post readiness into it;</li>
 * <li>{@link io.mio.posix.PosixProvider}, {@link io.mio.posix.TablePoll} and
 *     {@link io.mio.posix.TableRegistry}: what the providers, polls and registries of epoll, poll(2)
 *     and kqueue share, written once (the factories; the poll loop with its timeout, EINTR retry and
 *     posted readiness, around two hooks of the backend, the wait and the decode; the arena, wake and close;
 *     register, reregister and deregister in one order around the backend's kernel calls), so each
 *     backend's file keeps only its own kernel calls, its wait and its decoding;</li>
 * <li>{@link io.mio.posix.FdWaker} (a waker over an eventfd or a pipe) and
 *     {@link io.mio.posix.NativeArray} (the growable array a kernel fills or reads);</li>
 * <li>{@link io.mio.posix.PollBits}: poll's (and Linux epoll's) readiness bits and their decoding.</li>
 * </ul>
 *
 * <p>Every downcall handle is made here, so native access is granted to this module alone: on the
 * module path {@code --enable-native-access=io.mio.posix}, on the class path
 * {@code --enable-native-access=ALL-UNNAMED}. The package is exported only to the backend modules
 * (see {@code module-info}); where native access is denied, {@link io.mio.posix.PosixSockets#availability()}
 * says so and names the flag.
 */
package io.mio.posix;
