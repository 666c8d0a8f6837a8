package io.mio.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The small native structures each thread reuses for its calls, so the steady-state path allocates
 * nothing: the errno capture segment, and room for an address, a length and an option value.
 *
 * <p>What a thread that did I/O costs in native memory is bounded and small: the capture segment
 * (8 bytes) at once, the other structures (176 bytes) only on the thread's first call that passes
 * an address or an option (connect, accept, sendTo, setOption...), so a virtual thread that only
 * reads and writes costs 8 bytes. They come from an automatic arena, freed once the thread is gone
 * and its scratch unreachable. The larger memory of heap-buffer copies and vectored calls comes
 * from the bounded {@link BlockPool}, shared by all threads. Safe to reuse because a thread makes
 * one call at a time and no call keeps a pointer after it returns.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private final Arena arena = Arena.ofAuto();
    /** The errno capture segment. */
    final MemorySegment callState = Downcalls.newCallState(arena);
    private MemorySegment address;
    private MemorySegment length;
    private MemorySegment value;

    static Scratch get() {
        return PER_THREAD.get();
    }

    /** @return a sockaddr_storage, for addresses passed in and out */
    MemorySegment address() {
        if (address == null) {
            allocateStructs();
        }
        return address;
    }

    /** @return a socklen_t, in-out length of {@link #address()} or of {@link #value()} */
    MemorySegment length() {
        if (length == null) {
            allocateStructs();
        }
        return length;
    }

    /** @return room for an option value or small struct (linger, ip_mreqn, ipv6_mreq), or the int[2] of pipe2/socketpair */
    MemorySegment value() {
        if (value == null) {
            allocateStructs();
        }
        return value;
    }

    private void allocateStructs() {
        long addressSize = Os.SOCKADDR_STORAGE.byteSize();
        MemorySegment all = arena.allocate(addressSize + 8 + 32, 8);
        address = all.asSlice(0, addressSize);
        length = all.asSlice(addressSize, 8);
        value = all.asSlice(addressSize + 8, 32);
    }
}
