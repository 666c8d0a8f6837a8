package io.mio.posix;

import io.mio.ClosedPollException;
import io.mio.Interest;
import io.mio.Mode;
import io.mio.Token;

import java.io.IOException;
import java.util.Arrays;

/**
 * The registrations of one poll, indexed by descriptor: every descriptor-based backend's registry
 * (epoll, poll(2), kqueue) keeps its sources here. Each slot holds the descriptor's latest
 * {@link Registration}; its generation goes into the kernel's user data ({@link Registration#data()}),
 * so an event the kernel returned before a deregister, a close or a new registration of the same
 * number is recognised while decoding ({@link #current(long)} returns null) and dropped without a map.
 *
 * <p>The table's monitor guards it and every registration in it: a backend holds it around its
 * {@code epoll_ctl} or pollfd change and while it decodes one batch of events, and never while it
 * blocks in the kernel, so another thread may register during a poll. Nothing here allocates except
 * {@link #add} (one registration) and growing the table.
 */
public final class RegistrationTable {
    /** What the backend does for its table. */
    public interface Backend {
        /**
         * A registered source's I/O would block: re-arm {@code readiness} (a level-triggered or
         * one-shot backend dropped it when it reported it). Called on the I/O thread without the
         * table's monitor; only when the table was made with {@code rearms} (an edge-reporting
         * backend such as epoll keeps this default, which is never called).
         *
         * @param registration the source's registration (it may have ended meanwhile)
         * @param readiness READABLE or WRITABLE
         */
        default void rearm(Registration registration, int readiness) {
        }

        /**
         * Makes a poll that is blocked, or the next one, return so it reports posted readiness.
         * Called with the table's monitor held, never after {@link #release()}.
         *
         * @throws IOException if the wake failed
         */
        void wake() throws IOException;
    }

    final Backend backend;
    /** Whether would-block re-arms: false where the kernel reports edges itself (epoll). */
    final boolean rearms;
    /** Whether the backend's decoder tells each source's {@link ReadElision} of its events, so reads may be elided. */
    private final boolean elides;
    /** The latest registration of each descriptor (ended ones keep their generation), or null. */
    private Registration[] slots = new Registration[64];
    /** Registrations with posted readiness, oldest first. */
    private Registration postedHead;
    private Registration postedTail;
    /**
     * Whether the last {@link TablePoll#reportPosted} left readiness queued (the events were full):
     * written and read by the polling thread only, so the next wait does not block.
     */
    boolean postedLeft;
    /** Set when the poll closes: the kernel's registrations are gone. */
    private boolean released;

    /**
     * Makes an empty table.
     *
     * @param backend the backend's re-arm and wake
     * @param rearms  whether the source's would-block re-arms ({@link Backend#rearm}); a table that
     *                does not re-arm is an edge-reporting kernel's, whose decoder drives the read
     *                elision ({@link ReadElision#eventDecoded})
     */
    public RegistrationTable(Backend backend, boolean rearms) {
        this(backend, rearms, !rearms);
    }

    /**
     * Makes an empty table.
     *
     * @param backend the backend's re-arm and wake
     * @param rearms  whether the source's would-block re-arms ({@link Backend#rearm})
     * @param elides  whether the backend reports every event it decodes to the source's
     *                {@link ReadElision} ({@link Registration#elision()}), which lets a read after a
     *                short read be answered without a system call (an elided read still re-arms)
     */
    public RegistrationTable(Backend backend, boolean rearms, boolean elides) {
        this.backend = backend;
        this.rearms = rearms;
        this.elides = elides;
    }

    /**
     * The generation the next registration of {@code fd} will carry: pass its {@code data} to the
     * kernel first, then {@link #add}, so a descriptor the kernel refuses grows nothing.
     *
     * @param fd the descriptor
     * @return the generation to pass to {@link #add}
     * @throws ClosedPollException if the poll is closed
     */
    public int nextGeneration(int fd) {
        ensureNotReleased();
        Registration last = fd < slots.length ? slots[fd] : null;
        return last == null ? 1 : last.generation + 1;
    }

    /**
     * The kernel user data of a registration.
     *
     * @param fd the descriptor
     * @param generation the generation
     * @return the kernel user data of that registration (see {@link Registration#data()})
     */
    public static long data(int fd, int generation) {
        return ((long) generation << 32) | (fd & 0xFFFF_FFFFL);
    }

    /**
     * Records a registration the kernel accepted, and attaches it to the source's I/O.
     *
     * @param fd the descriptor
     * @param generation {@link #nextGeneration}'s answer
     * @param owner the source or the backend's waker
     * @param token the token
     * @param interests the interests (null for a waker)
     * @return the new registration
     */
    public Registration add(int fd, int generation, Object owner, Token token, Interest interests) {
        assert Thread.holdsLock(this);
        ensureNotReleased();
        if (fd >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(fd + 1, slots.length * 2));
        }
        Registration r = new Registration(this, fd, generation, owner, token, interests);
        slots[fd] = r;
        if (owner instanceof FdSource source) {
            source.attach(r);
            if (elides) {
                r.elision = source.readElision(); // only a decoder that tells the elision of events lets reads be elided
            }
        }
        registered(r);
        return r;
    }

    /**
     * Finds the live registration of a source, for reregistering or deregistering it.
     *
     * @param fd the descriptor
     * @param owner the source or waker expected there
     * @return its live registration, or null if the descriptor now belongs to another one (it was
     *         closed behind the source's back and its number reused) or to none
     * @throws ClosedPollException if the poll is closed
     */
    public Registration registered(int fd, Object owner) {
        assert Thread.holdsLock(this);
        ensureNotReleased();
        Registration r = fd < slots.length ? slots[fd] : null;
        return r != null && r.owner == owner ? r : null;
    }

    /**
     * Finds the live registration of a source that is being reregistered.
     *
     * @param fd the descriptor
     * @param owner the source expected there
     * @return its live registration
     * @throws IOException if the descriptor now belongs to another registration (it was closed
     *         behind the source's back and its number reused)
     * @throws ClosedPollException if the poll is closed
     */
    public Registration reregistering(int fd, Object owner) throws IOException {
        Registration r = registered(fd, owner);
        if (r == null) {
            throw new IOException("cannot reregister " + owner + ": its descriptor " + fd
                    + " was closed behind mio's back and now belongs to another registration");
        }
        return r;
    }

    /**
     * Changes a live registration's token and interests (after the kernel accepted them).
     *
     * @param r the registration
     * @param token the new token
     * @param interests the new interests
     */
    public void update(Registration r, Token token, Interest interests) {
        assert Thread.holdsLock(this);
        r.token = token;
        r.interests = interests;
        registered(r);
    }

    /**
     * A new or changed registration of an eliding table: no short read before it counts
     * (see ReadElision), and only an edge-mode readable registration lets a read be elided (a
     * oneshot one reports no further edge, a level one is not drained).
     */
    private static void registered(Registration r) {
        if (r.elision != null) {
            Interest interests = r.interests;
            r.elision.registered(interests != null && interests.isReadable() && interests.mode() == Mode.EDGE);
        }
    }

    /**
     * Ends a registration (before the kernel is told, so a failure there leaves nothing stale here)
     * and detaches it from the source's I/O. Its slot keeps it for its generation.
     *
     * @param r a live registration
     */
    public void remove(Registration r) {
        assert Thread.holdsLock(this);
        end(r);
    }

    private void end(Registration r) {
        if (r.owner instanceof FdSource source) {
            source.attach(null);
        }
        r.owner = null;
        r.token = null;
        ReadElision elision = r.elision;
        if (elision != null) {
            r.elision = null;
            elision.deregistered();
        }
    }

    /**
     * The live registration an event's kernel user data names, for decoding.
     *
     * @param data the user data ({@link Registration#data()})
     * @return the registration, or null for a stale event (deregistered, closed, registered anew)
     */
    public Registration current(long data) {
        assert Thread.holdsLock(this);
        int fd = (int) data;
        Registration r = fd >= 0 && fd < slots.length ? slots[fd] : null;
        return r != null && r.owner != null && r.generation == (int) (data >>> 32) ? r : null;
    }

    /**
     * The live registration of a descriptor.
     *
     * @param fd a descriptor
     * @return the descriptor's live registration, or null
     */
    public Registration current(int fd) {
        assert Thread.holdsLock(this);
        Registration r = fd >= 0 && fd < slots.length ? slots[fd] : null;
        return r != null && r.owner != null ? r : null;
    }

    /**
     * The number of slots.
     *
     * @return a bound: every live registration's descriptor is below it
     */
    public int capacity() {
        assert Thread.holdsLock(this);
        return slots.length;
    }

    synchronized boolean post(Registration r, int readiness) throws IOException {
        if (released || r.owner == null) {
            return false;
        }
        if (r.posted == 0) {
            if (postedTail == null) {
                postedHead = r;
            } else {
                postedTail.nextPosted = r;
            }
            postedTail = r;
        }
        r.posted |= readiness;
        backend.wake();
        return true;
    }

    /**
     * Whether posted readiness waits to be reported: then the next poll must not block.
     *
     * @return whether any registration has posted readiness
     */
    public synchronized boolean hasPosted() {
        return postedHead != null;
    }

    /**
     * The oldest registration with posted readiness, for {@link TablePoll#reportPosted}.
     *
     * @return the oldest registration with posted readiness ({@link #postedReadiness}), or null;
     *         it stays first until {@link #removeFirstPosted()}
     */
    Registration firstPosted() {
        assert Thread.holdsLock(this);
        return postedHead;
    }

    /**
     * The readiness posted to a registration.
     *
     * @param r a registration
     * @return the readiness posted to it and not yet reported; 0 if it has ended
     */
    int postedReadiness(Registration r) {
        assert Thread.holdsLock(this);
        return r.owner == null ? 0 : r.posted;
    }

    /** Takes the first posted registration off the queue (its readiness was reported or dropped). */
    void removeFirstPosted() {
        assert Thread.holdsLock(this);
        Registration r = postedHead;
        postedHead = r.nextPosted;
        if (postedHead == null) {
            postedTail = null;
        }
        r.nextPosted = null;
        r.posted = 0;
    }

    /**
     * Ends every registration: the poll is closing and its kernel object goes with them. After this
     * every call but {@link #current} and {@link #post} (which returns false) fails with
     * {@link ClosedPollException}.
     */
    public synchronized void release() {
        released = true;
        for (Registration r : slots) {
            if (r != null && r.owner != null) {
                end(r);
            }
        }
        postedHead = null;
        postedTail = null;
    }

    /**
     * Whether the poll closed.
     *
     * @return whether {@link #release()} ran
     */
    public boolean isReleased() {
        assert Thread.holdsLock(this);
        return released;
    }

    private void ensureNotReleased() {
        assert Thread.holdsLock(this);
        if (released) {
            throw new ClosedPollException();
        }
    }
}
