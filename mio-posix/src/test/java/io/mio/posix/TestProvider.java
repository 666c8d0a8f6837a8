package io.mio.posix;

import io.mio.Poll;
import io.mio.spi.Availability;
import io.mio.spi.Capability;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A provider with no poll, whose factories are {@link PosixProvider}'s, as a backend's are:
 * the sockets are exercised with non-blocking calls and bounded retry loops. Not registered as a
 * service.
 */
final class TestProvider extends PosixProvider {
    static final TestProvider INSTANCE = new TestProvider();
    private static final MethodHandle dup$mh = Downcalls.quick("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private TestProvider() {
        super("posix-test", -1, false);
    }

    @Override
    protected Availability probe() {
        return PosixSockets.availability();
    }

    @Override
    protected Poll newPoll() {
        throw new UnsupportedOperationException("the test provider has no poll");
    }

    // probes for the tests

    /** @return the number of descriptors open in this process, from /proc/self/fd */
    static int openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return (int) entries.count();
        }
    }

    /** @return fcntl(fd, cmd), or -errno */
    static int fcntl(int fd, int cmd) throws Throwable {
        MemorySegment state = Downcalls.callState();
        int r = (int) Libc.fcntl.invokeExact(state, fd, cmd, 0);
        return r < 0 ? -Downcalls.errno(state) : r;
    }

    /** @return a new descriptor for the same file, or -errno */
    static int dup(int fd) throws Throwable {
        MemorySegment state = Downcalls.callState();
        int r = (int) dup$mh.invokeExact(state, fd);
        return r < 0 ? -Downcalls.errno(state) : r;
    }

    /** close(2) of a raw descriptor. */
    static int close(int fd) {
        return Descriptors.closeErrno(fd) == 0 ? 0 : -1;
    }
}
