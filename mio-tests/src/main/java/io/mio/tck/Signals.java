package io.mio.tck;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Sends a signal to one thread (Linux {@code tgkill(2)}, through FFM), so a case can interrupt a
 * poll's system call with {@code EINTR}. The signal is {@code SIGPIPE}: the JVM handles it and
 * ignores it, so it interrupts the call and nothing else.
 */
final class Signals {
    /** {@code SIGPIPE} on Linux. */
    private static final int SIGPIPE = 13;
    private static final MethodHandle TGKILL = Linker.nativeLinker().defaultLookup().find("tgkill")
            .map(symbol -> Linker.nativeLinker().downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT)))
            .orElse(null);

    private Signals() {
    }

    /** @return why this host cannot signal one thread, or empty if it can */
    static Optional<String> unavailable() {
        String notLinux = TckBase.notLinux();
        if (notLinux != null) {
            return Optional.of(notLinux);
        }
        if (TGKILL == null) {
            return Optional.of("this C library has no tgkill");
        }
        // only a caught signal interrupts a call with EINTR (and an uncaught SIGPIPE would end the JVM)
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("SigCgt:")
                        && (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (SIGPIPE - 1))) != 0) {
                    return Optional.empty();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.of("cannot read the signal dispositions in /proc/self/status: " + e);
        }
        return Optional.of("this JVM does not catch SIGPIPE (e.g. -Xrs), so it cannot interrupt a call");
    }

    /**
     * Sends {@code SIGPIPE} to the kernel thread {@code tid} of this process.
     *
     * @param tid the thread's kernel id
     * @return false if the thread has ended meanwhile (tgkill fails with ESRCH)
     */
    static boolean interrupt(long tid) {
        int result;
        try {
            result = (int) TGKILL.invokeExact((int) ProcessHandle.current().pid(), (int) tid, SIGPIPE);
        } catch (Throwable e) {
            throw new IllegalStateException("tgkill failed", e);
        }
        return result == 0;
    }
}
