package io.mio.kqueue;

import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
import io.mio.posix.FdWaker;
import io.mio.posix.PosixSockets;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What makes a blocked kevent return (readiness posted from another thread, or close): an
 * {@code EVFILT_USER} knote triggered with {@code NOTE_TRIGGER} where the flavour has one (macOS,
 * FreeBSD), else a pipe whose read end is an {@code EVFILT_READ} knote (NetBSD, OpenBSD), as Rust
 * mio does. Its knote carries {@link #DATA}, which no registration's udata equals.
 */
final class KqueueWake {
    /** udata of the wake knote: descriptor -1 is never a table slot. */
    static final long DATA = -1L;
    /** Forces the pipe where the flavour has EVFILT_USER, so the NetBSD/OpenBSD path runs over the shim too. */
    static final boolean PIPE = Boolean.getBoolean("io.mio.kqueue.pipeWake");

    private final Kevent k;
    private final int kq;
    /** The pipe's read and write ends, or -1 where the wake is EVFILT_USER; closed by the poll's close. */
    final int readFd;
    final int writeFd;
    /** errno and the NOTE_TRIGGER change, or the byte written; guarded by the registration table. */
    private final MemorySegment state;
    private final MemorySegment change;

    KqueueWake(Kevent k, int kq, Arena arena) throws IOException {
        this.k = k;
        this.kq = kq;
        this.state = Downcalls.newCallState(arena);
        this.change = arena.allocate(k.size, 8);
        int[] pipe = k.userWake && !PIPE ? new int[] {-1, -1} : PosixSockets.openPipeDescriptors();
        this.readFd = pipe[0];
        this.writeFd = pipe[1];
    }

    /** @return the ident of the wake knote: the EVFILT_USER ident 0, or the pipe's read end */
    long ident() {
        return readFd < 0 ? 0 : readFd;
    }

    /** @return the filter of the wake knote */
    int filter() {
        return readFd < 0 ? k.evfiltUser : k.evfiltRead;
    }

    /** Makes a blocked kevent return, or the next one at once. */
    void wake() throws IOException {
        if (writeFd >= 0) {
            FdWaker.signal(writeFd, change);
            return;
        }
        k.set(change, 0, 0, k.evfiltUser, 0, DATA);
        k.setFflags(change, 0, Kevent.NOTE_TRIGGER);
        if (k.kevent(state, kq, change, 1, MemorySegment.NULL, 0, MemorySegment.NULL) < 0) {
            throw Errno.exception("kevent(EVFILT_USER, NOTE_TRIGGER)", Downcalls.errno(state));
        }
    }

    /** The poller saw the wake knote: empty the pipe so the next wake is a new edge (EV_CLEAR resets EVFILT_USER). */
    void fired(MemorySegment buffer) {
        if (readFd >= 0) {
            FdWaker.drain(readFd, buffer);
        }
    }
}
