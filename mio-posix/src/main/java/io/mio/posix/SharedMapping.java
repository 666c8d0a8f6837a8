package io.mio.posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Memory a kernel object shares with this process through {@code mmap(MAP_SHARED)} (io_uring's
 * rings), tied to an arena: closing the arena unmaps it, and any access after that throws instead
 * of touching unmapped memory. Here, not in the backend, because sizing a mapped address is a
 * restricted operation and this module holds the native access grant.
 */
public final class SharedMapping {
    /** Linux values of {@code PROT_READ | PROT_WRITE}. */
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** Linux values of {@code MAP_SHARED | MAP_POPULATE} (populate: no page faults on the hot path). */
    private static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    /** void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset). */
    private static final MethodHandle mmap$mh = Downcalls.quick("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    /** int munmap(void *addr, size_t length). */
    private static final MethodHandle munmap$mh = Downcalls.quick("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private SharedMapping() {
    }

    /**
     * Maps {@code length} bytes of {@code fd} at {@code offset}, readable and writable, shared with
     * the kernel (Linux flags).
     *
     * @param fd the descriptor
     * @param offset the offset (for io_uring, which ring: {@code IORING_OFF_*})
     * @param length the length
     * @param arena the arena whose close unmaps it
     * @return the mapping, {@code length} bytes long
     * @throws IOException naming mmap and the errno
     */
    public static MemorySegment map(int fd, long offset, long length, Arena arena) throws IOException {
        MemorySegment state = Downcalls.callState();
        MemorySegment address;
        try {
            address = (MemorySegment) mmap$mh.invokeExact(state, MemorySegment.NULL, length, PROT_READ_WRITE,
                    MAP_SHARED_POPULATE, fd, offset);
        } catch (Throwable e) {
            throw new AssertionError("mmap downcall", e);
        }
        if (address.address() == -1L) { // MAP_FAILED
            throw Errno.exception("mmap(fd " + fd + ", offset 0x" + Long.toHexString(offset) + ", " + length + " bytes)",
                    Downcalls.errno(state));
        }
        // safe because the kernel mapped exactly length bytes there; unmapped when the arena closes
        return address.reinterpret(length, arena, mapping -> unmapQuietly(mapping, length));
    }

    private static void unmapQuietly(MemorySegment mapping, long length) {
        try {
            int r = (int) munmap$mh.invokeExact(Downcalls.callState(), mapping, length);
            assert r == 0 : "munmap failed";
        } catch (Throwable e) {
            throw new AssertionError("munmap downcall", e);
        }
    }
}
