package io.mio.posix;

import io.mio.Interest;
import io.mio.Token;

import java.io.IOException;

/**
 * One registration of one descriptor with one poll: its token, interests and generation, the
 * source or waker it belongs to, and the readiness posted to it. A {@link RegistrationTable} makes
 * one per {@code register} and keeps it in the descriptor's slot; reregistering changes it in place,
 * deregistering ends it (it then stays in the slot only to carry its generation to the next one).
 *
 * <p>Two ways in, from any thread:
 * <ul>
 * <li>{@link #wouldBlock(int)}: the source's I/O says an operation would block. Free for a backend
 *     whose kernel reports edges (epoll); a level-triggered or one-shot backend (poll(2), the
 *     Selector, AFD, io_uring poll requests) re-arms the interest there.</li>
 * <li>{@link #post(int)}: readiness found outside the kernel's poll (a user-space event, a
 *     completion) is queued here and the poll is woken to report it under this token.</li>
 * </ul>
 *
 * <p>Fields other than {@link #fd} and {@link #table} are guarded by the table's monitor.
 */
public final class Registration {
    final RegistrationTable table;
    /** The descriptor: the slot of the table. */
    final int fd;
    /** Tags events of this registration apart from those of an earlier one of the same descriptor. */
    final int generation;
    /** The source or waker; null once deregistered. */
    Object owner;
    Token token;
    Interest interests;
    /** The read elision of an edge-triggered backend's TCP stream, or null. */
    ReadElision elision;
    /** The readiness a level-triggered backend polls for now (edge emulation); unused by epoll. */
    private int armed;
    /** Readiness posted and not yet reported; 0 when not queued. */
    int posted;
    /** The next registration with posted readiness. */
    Registration nextPosted;

    Registration(RegistrationTable table, int fd, int generation, Object owner, Token token, Interest interests) {
        this.table = table;
        this.fd = fd;
        this.generation = generation;
        this.owner = owner;
        this.token = token;
        this.interests = interests;
    }

    /**
     * The source's I/O found that an operation would block (EAGAIN): the readiness it waited for is
     * gone until the kernel reports it again.
     *
     * @param readiness {@link io.mio.spi.Readiness#READABLE} or {@code WRITABLE}
     */
    public void wouldBlock(int readiness) {
        if (table.rearms) {
            table.backend.rearm(this, readiness);
        }
    }

    /**
     * Makes the poll report {@code readiness} under this registration's token, as soon as it polls
     * or at once if it is blocked in a poll. Any thread may call it; it allocates nothing. Readiness
     * posted again before the poll reported it is merged into one event.
     *
     * @param readiness {@link io.mio.spi.Readiness} bits, not 0
     * @return false if nothing will be reported: this registration has ended or its poll is closed
     * @throws IOException if waking the poll failed
     */
    public boolean post(int readiness) throws IOException {
        if (readiness == 0) {
            throw new IllegalArgumentException("no readiness to post");
        }
        return table.post(this, readiness);
    }

    /**
     * The descriptor registered.
     *
     * @return the descriptor
     */
    public int fd() {
        return fd;
    }

    /**
     * The token; read with the table's monitor held.
     *
     * @return the token, null once ended
     */
    public Token token() {
        assert Thread.holdsLock(table);
        return token;
    }

    /**
     * The interests; read with the table's monitor held.
     *
     * @return the interests
     */
    public Interest interests() {
        assert Thread.holdsLock(table);
        return interests;
    }

    /**
     * The source or waker registered; read with the table's monitor held.
     *
     * @return the owner, null once ended
     */
    public Object owner() {
        assert Thread.holdsLock(table);
        return owner;
    }

    /**
     * The read elision of the source, found by an edge-triggered table; read with its monitor held.
     *
     * @return the elision, or null
     */
    public ReadElision elision() {
        assert Thread.holdsLock(table);
        return elision;
    }

    /**
     * The readiness a level-triggered backend polls for now: a reported kind is disarmed until the
     * source's I/O would block or it is reregistered. Read with the table's monitor held.
     *
     * @return {@link io.mio.spi.Readiness} bits
     */
    public int armed() {
        assert Thread.holdsLock(table);
        return armed;
    }

    /**
     * Sets what a level-triggered backend polls for; with the table's monitor held.
     *
     * @param readiness {@link io.mio.spi.Readiness} bits
     */
    public void arm(int readiness) {
        assert Thread.holdsLock(table);
        armed = readiness;
    }

    /**
     * The 64-bit user data a kernel carries back with this registration's events ({@code epoll_data},
     * {@code udata}): the descriptor in the low 32 bits, the generation in the high 32 bits.
     *
     * @return the user data; {@link RegistrationTable#current(long)} finds the registration again
     */
    public long data() {
        return RegistrationTable.data(fd, generation);
    }

    @Override
    public String toString() {
        return "Registration[fd " + fd + ", generation " + generation + "]";
    }
}
