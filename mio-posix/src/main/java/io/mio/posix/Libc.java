package io.mio.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls of the socket layer: one handle per symbol, looked up when this class loads. Each
 * handle's first argument is the errno capture segment ({@link Downcalls}); {@code size_t} and
 * {@code ssize_t} are {@code long} (LP64), {@code socklen_t} is {@code int}.
 *
 * <p>Every call on a non-blocking descriptor returns at once, so they are {@code critical}; only
 * {@code close} may wait (a socket with {@code SO_LINGER} set lingers in close even when
 * non-blocking, see socket(7)).
 */
final class Libc {
    static final MethodHandle socket = Downcalls.quick("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle socketpair = Downcalls.quick("socketpair",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle bind = Downcalls.quick("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle listen = Downcalls.quick("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    /** Linux and FreeBSD; null where missing (macOS), which uses {@link #accept} and fcntl. */
    static final MethodHandle accept4 = Downcalls.exists("accept4")
            ? Downcalls.quick("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT))
            : null;
    static final MethodHandle accept = Downcalls.quick("accept", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle connect = Downcalls.quick("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle shutdown = Downcalls.quick("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle getsockname = Downcalls.quick("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle getpeername = Downcalls.quick("getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle getsockopt = Downcalls.quick("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle setsockopt = Downcalls.quick("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    // two handles per data call. The raw ones take the data pointer as a 64-bit integer, for direct
    // buffers only the GC frees (NativeFd keeps the buffer reachable by a fence for the call): safe
    // because every supported OS is LP64, where a pointer and a long travel the same way, and it saves
    // a segment per call; heap buffers use them too, through a pooled native block (BlockPool). The
    // checked ones take a segment, for arena-backed direct buffers: the linker checks that its scope
    // is alive and owned by the calling thread before the call and keeps it alive until it returns.
    static final MethodHandle read = Downcalls.quick("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    static final MethodHandle write = Downcalls.quick("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
    static final MethodHandle recvfrom = Downcalls.quick("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle sendto = Downcalls.quick("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle readChecked = Downcalls.quick("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle writeChecked = Downcalls.quick("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle recvfromChecked = Downcalls.quick("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle sendtoChecked = Downcalls.quick("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle readv = Downcalls.quick("readv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle writev = Downcalls.quick("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle sendmsg = Downcalls.quick("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** Linux and FreeBSD; null where missing (macOS), which uses {@link #pipe} and fcntl. */
    static final MethodHandle pipe2 = Downcalls.exists("pipe2")
            ? Downcalls.quick("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT))
            : null;
    static final MethodHandle pipe = Downcalls.quick("pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle close = Downcalls.blocking("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** {@code fcntl(fd, cmd, int arg)}; variadic from the third argument. */
    static final MethodHandle fcntl = Downcalls.variadic("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);

    private Libc() {
    }
}
