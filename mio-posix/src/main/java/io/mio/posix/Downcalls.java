package io.mio.posix;

import io.mio.spi.Availability;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Builds the downcall handles of the native backends, one way for every symbol: keep each handle
 * in a {@code static final MethodHandle} and call it with {@code invokeExact}.
 *
 * <p>Every handle made here captures {@code errno} ({@link Linker.Option#captureCallState}), so its
 * first parameter is the capture segment: pass {@link #callState()} (owned by the calling thread)
 * or a segment from {@link #newCallState(Arena)} owned by a single thread (a poll's), never one
 * shared by threads, and read errno with {@link #errno(MemorySegment)} right after a failed call:
 *
 * <pre>{@code
 * private static final MethodHandle epoll_ctl$mh = Downcalls.quick("epoll_ctl",
 *         FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
 * MemorySegment state = Downcalls.callState();
 * int r = (int) epoll_ctl$mh.invokeExact(state, epfd, op, fd, event);
 * if (r < 0) throw Errno.exception("epoll_ctl", Downcalls.errno(state));
 * }</pre>
 *
 * <p>{@link #quick} and {@link #variadic} handles are {@code critical(false)}: for short calls
 * that never block (a non-blocking socket's read, epoll_ctl, fcntl); the JVM skips the thread-state
 * transition, so such a call must not wait. {@link #blocking} handles are for calls that may wait
 * ({@code epoll_wait}, {@code kevent}, {@code close}). All take native segments only: heap memory
 * would need {@code critical(true)}, whose heap-argument path does not reliably scalar-replace the
 * linker's per-call capture-segment slice on JDK 25 (see {@link BlockPool}).
 *
 * <p>This class is exported only to the backend modules (see {@code module-info}): a downcall
 * handle made here runs with {@code io.mio.posix}'s native access, so it must not be reachable from
 * a module that was not granted native access itself.
 */
public final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = SymbolLookup.loaderLookup().or(LINKER.defaultLookup());
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO$VH =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private Downcalls() {
    }

    /**
     * A handle for a short call that never blocks: captures errno, {@code critical(false)}.
     *
     * @param name the C symbol
     * @param descriptor its signature (without the capture segment, which the handle prepends)
     * @return the handle
     * @throws LinkageError naming the symbol if it is not found
     */
    public static MethodHandle quick(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO, CRITICAL);
    }

    /**
     * A handle for a call that may block: captures errno.
     *
     * @param name the C symbol
     * @param descriptor its signature (without the capture segment)
     * @return the handle
     * @throws LinkageError naming the symbol if it is not found
     */
    public static MethodHandle blocking(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO);
    }

    /**
     * A handle for a short variadic call such as {@code fcntl}: captures errno, {@code critical(false)}.
     *
     * @param name the C symbol
     * @param descriptor its signature with the variadic arguments as passed (without the capture segment)
     * @param firstVariadicArg the index of the first variadic argument
     * @return the handle
     */
    public static MethodHandle variadic(String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO, CRITICAL,
                Linker.Option.firstVariadicArg(firstVariadicArg));
    }

    /**
     * The symbols of a native library loaded from a file, for a backend whose system calls a stand-in
     * provides (the kqueue shim that runs mio-kqueue's tests on Linux). Loaded here, under this
     * module's native access; it stays loaded for the life of the JVM.
     *
     * @param path the library file
     * @return its symbols
     * @throws IllegalArgumentException if it cannot be loaded
     */
    public static SymbolLookup library(java.nio.file.Path path) {
        return SymbolLookup.libraryLookup(path, Arena.global());
    }

    /**
     * A handle for a call that may block, found in {@code library} rather than the C library.
     *
     * @param library from {@link #library}
     * @param name the symbol
     * @param descriptor its signature (without the capture segment)
     * @return the handle
     * @throws LinkageError naming the symbol if it is not found
     */
    public static MethodHandle blocking(SymbolLookup library, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = library.find(name).orElseThrow(
                () -> new LinkageError("native symbol '" + name + "' not found in " + library));
        return LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO);
    }

    /**
     * A handle for a variadic call that may block, such as {@code syscall(SYS_io_uring_enter, ...)}:
     * captures errno.
     *
     * @param name the C symbol
     * @param descriptor its signature with the variadic arguments as passed (without the capture segment)
     * @param firstVariadicArg the index of the first variadic argument
     * @return the handle
     */
    public static MethodHandle blockingVariadic(String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(firstVariadicArg));
    }

    /**
     * Whether the C library has {@code name}, for availability checks that must not throw.
     *
     * @param name the C symbol
     * @return whether it is found
     */
    public static boolean exists(String name) {
        return LOOKUP.find(name).isPresent();
    }

    /**
     * The calling thread's capture segment: allocated on the thread's first call from an arena freed
     * once the thread is gone, then reused.
     * Pass it to the handle and read errno from the same segment on the same thread.
     *
     * @return the segment
     */
    public static MemorySegment callState() {
        return Scratch.get().callState;
    }

    /**
     * A capture segment for one owner (e.g. a poll, used by one thread at a time).
     *
     * @param arena the arena it lives in
     * @return the segment
     */
    public static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /**
     * Reads the errno a call saved in {@code callState}.
     *
     * @param callState the segment passed to the failed call
     * @return the errno
     */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO$VH.get(callState, 0L);
    }

    /**
     * The errno of the calling thread's last failed call made with {@link #callState()}.
     *
     * @return the errno
     */
    public static int lastErrno() {
        return errno(Scratch.get().callState);
    }

    /**
     * Whether this module may make downcall handles, without throwing: not when the JVM denies
     * native access to a module it was not granted to ({@code --illegal-native-access=deny}, the
     * default of a future JDK). Under the JDK 25 default ({@code warn}) it may, and the JDK prints
     * its own warning naming the flag.
     *
     * @return null if it may, else why not and the exact flag to add, for the module path and the class path
     */
    static String nativeAccessDenied() {
        try {
            LINKER.downcallHandle(find("getpid"), FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
            return null;
        } catch (IllegalCallerException e) {
            return Availability.nativeAccessDenied(Downcalls.class.getModule(), e).cause();
        }
    }

    private static MemorySegment find(String name) {
        Optional<MemorySegment> symbol = LOOKUP.find(name);
        if (symbol.isEmpty()) {
            throw new LinkageError("native symbol '" + name + "' not found in the C library of "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        return symbol.get();
    }
}
