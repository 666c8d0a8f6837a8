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

    /** The id of the thread this scratch belongs to (ids are never reused): only it may use the structures. */
    private final long threadId = Thread.currentThread().threadId();
    private final Arena arena = Arena.ofAuto();
    /** The errno capture segment. */
    final MemorySegment callState = Downcalls.newCallState(arena);
    private MemorySegment address;
    private MemorySegment length;
    private MemorySegment value;

    static Scratch get() {
        return PER_THREAD.get();
    }

    /**
     * The calling thread's scratch, through a one-entry cache of the caller's (a descriptor's
     * {@link NativeFd#scratch()}): a descriptor is used by one thread at a time in the common case,
     * and the check (a load and a compare with the current thread) is cheaper than the
     * {@code ThreadLocal} lookup on every call. The cache may be read and written racily: safe
     * because a thread takes a cached scratch only when its (final, so safely published) thread id
     * is that thread's, and only the thread itself made such a scratch (in {@link #get()}), so it
     * sees all its writes. An id, not the thread, so a descriptor keeps no dead thread reachable.
     *
     * @param cached the caller's cached scratch, or null
     * @return {@code cached} if it is the current thread's, else the current thread's scratch (to cache)
     */
    static Scratch of(Scratch cached) {
        return cached != null && cached.threadId == Thread.currentThread().threadId() ? cached : PER_THREAD.get();
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
