package io.mio.kqueue;

import io.mio.posix.Descriptors;
import io.mio.posix.Downcalls;
import io.mio.posix.Errno;
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
    /** The pipe, or null where the wake is EVFILT_USER; closed by {@link #close()}. */
    private final int[] pipe;
    /** errno and the NOTE_TRIGGER change, or the byte written; guarded by the registration table. */
    private final MemorySegment state;
    private final MemorySegment change;

    KqueueWake(Kevent k, int kq, Arena arena) throws IOException {
        this.k = k;
        this.kq = kq;
        this.state = Downcalls.newCallState(arena);
        this.change = arena.allocate(k.size, 8);
        this.pipe = k.userWake && !PIPE ? null : PosixSockets.openPipeDescriptors();
    }

    /** @return the ident of the wake knote: the EVFILT_USER ident 0, or the pipe's read end */
    long ident() {
        return pipe == null ? 0 : pipe[0];
    }

    /** @return the filter of the wake knote */
    int filter() {
        return pipe == null ? k.evfiltUser : k.evfiltRead;
    }

    /** Makes a blocked kevent return, or the next one at once. */
    void wake() throws IOException {
        if (pipe != null) {
            long r = Descriptors.write(pipe[1], change, 1);
            if (r < 0 && -r != Errno.EAGAIN) { // a full pipe already holds a pending wake
                throw Errno.exception("write(wake pipe " + pipe[1] + ")", (int) -r);
            }
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
        if (pipe != null) {
            KqueueWaker.drain(pipe[0], buffer);
        }
    }

    /** Closes the pipe, if any (the kqueue's close removes the knote). */
    void close() throws IOException {
        if (pipe != null) {
            try {
                Descriptors.close(pipe[0]);
            } finally {
                Descriptors.close(pipe[1]);
            }
        }
    }
}
