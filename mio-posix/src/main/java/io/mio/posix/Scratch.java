package io.mio.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The small structures each thread reuses for its calls, so the steady-state path allocates
 * nothing: the errno capture segment, room for an address, a length, and an option value.
 *
 * <p>All but the errno capture segment live on the Java heap ({@link MemorySegment#ofArray(long[])}):
 * the handles they are passed to are {@code critical(true)} ({@link Downcalls#quick}), which lets a
 * call read and write heap memory for its length. So a thread that did I/O (a virtual thread too)
 * costs the GC a few hundred bytes of ordinary heap, which it sees and frees with the thread, and 8
 * bytes of native memory: the capture segment stays native because the linker slices it on every
 * call, and a heap one's slice is not always scalar-replaced (AllocationTest saw 40 B per call);
 * an automatic arena frees it with the thread's scratch. Safe to reuse because a thread makes one
 * call at a time and no call keeps a pointer after it returns. The iovec arrays of vectored calls
 * must be native (a {@code msghdr} points to them): they come from the bounded {@link IovecPool}.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    /** The errno capture segment (native, 8 bytes). */
    final MemorySegment callState = Downcalls.newCallState(Arena.ofAuto());
    /** A sockaddr_storage, for addresses passed in and out. */
    final MemorySegment address = MemorySegment.ofArray(new long[(int) (Os.SOCKADDR_STORAGE.byteSize() / 8)]);
    /** A socklen_t, in-out length of {@link #address} or of {@link #value}. */
    final MemorySegment length = MemorySegment.ofArray(new long[1]);
    /** An option value or small struct (linger, ip_mreqn, ipv6_mreq), or the int[2] of pipe2/socketpair. */
    final MemorySegment value = MemorySegment.ofArray(new long[4]);

    static Scratch get() {
        return PER_THREAD.get();
    }
}
