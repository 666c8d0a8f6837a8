package io.mio.posix;

import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Registry;
import io.mio.Token;
import io.mio.spi.PollProvider;

import java.io.IOException;

/**
 * The registry of a descriptor backend whose sources live in a {@link RegistrationTable} (epoll,
 * poll(2), kqueue): register, reregister and deregister are written here once, in one order, and a
 * backend supplies only the kernel's part of each ({@link #kernelAdd}, {@link #kernelModify},
 * {@link #kernelDelete}) and the wake of its poll.
 *
 * <p>The order: a registration is refused by the kernel before the table grows (a bogus
 * descriptor leaves nothing behind); a reregister finds the source's live registration (or fails if
 * its descriptor was closed behind mio's back and reused), changes the kernel's, then the table's;
 * a deregister ends the table's registration first, so a failed kernel call leaves no stale entry,
 * and does nothing once the poll closed or when the descriptor now belongs to another registration.
 * Every step runs under the table's monitor, which also guards the backend's change buffers.
 */
public abstract class TableRegistry extends Registry implements RegistrationTable.Backend {
    /** Every registration, by descriptor; its monitor guards the subclass's kernel buffers too. */
    public final RegistrationTable table;

    /**
     * For subclasses.
     *
     * @param provider the backend
     * @param rearms   whether the source's would-block re-arms ({@link RegistrationTable.Backend#rearm}):
     *                 false where the kernel reports edges itself
     */
    protected TableRegistry(PollProvider provider, boolean rearms) {
        super(provider);
        this.table = new RegistrationTable(this, rearms);
    }

    @Override
    protected final void implRegister(IoSource source, Token token, Interest interests) throws IOException {
        add(fdOf(source), source, token, interests);
    }

    /**
     * Registers a descriptor: the kernel first, then the table.
     *
     * @param fd        the descriptor
     * @param owner     the source, or the backend's waker
     * @param token     the token
     * @param interests the interests
     * @return the new registration
     * @throws IOException if the kernel refused it
     */
    public final Registration add(int fd, Object owner, Token token, Interest interests) throws IOException {
        synchronized (table) {
            int generation = table.nextGeneration(fd);
            // the kernel first: a bogus descriptor number fails here and grows no table
            kernelAdd(fd, interests, RegistrationTable.data(fd, generation));
            Registration r = table.add(fd, generation, owner, token, interests);
            registered(r);
            return r;
        }
    }

    @Override
    protected final void implReregister(IoSource source, Token token, Interest interests) throws IOException {
        int fd = fdOf(source);
        synchronized (table) {
            Registration r = table.reregistering(fd, source);
            kernelModify(r, interests); // the registration still holds the interests it had
            table.update(r, token, interests);
            registered(r);
        }
    }

    @Override
    protected final void implDeregister(IoSource source) throws IOException {
        remove(fdOf(source), source);
    }

    /**
     * Deregisters a descriptor: the table first, then the kernel.
     *
     * @param fd    the descriptor
     * @param owner the source or waker registered
     * @throws IOException if the kernel failed to remove it
     */
    public final void remove(int fd, Object owner) throws IOException {
        synchronized (table) {
            // the poll is closed (its kernel object took every registration with it), or the descriptor
            // was closed behind mio's back and reused: the kernel dropped it; removing the new one would be wrong
            Registration r = table.isReleased() ? null : table.registered(fd, owner);
            if (r != null) {
                table.remove(r); // first, so a failed kernel call leaves no stale entry
                kernelDelete(fd);
            }
        }
    }

    /**
     * Tells the kernel of a new registration; the table's monitor is held.
     *
     * @param fd        the descriptor
     * @param interests the interests (with their mode)
     * @param data      the user data the kernel carries back ({@link Registration#data()})
     * @throws IOException if the kernel refused it
     */
    protected abstract void kernelAdd(int fd, Interest interests, long data) throws IOException;

    /**
     * Tells the kernel of new interests of a live registration; the table's monitor is held.
     *
     * @param r         the registration, with its current interests
     * @param interests the new interests
     * @throws IOException if the kernel refused them
     */
    protected abstract void kernelModify(Registration r, Interest interests) throws IOException;

    /**
     * Tells the kernel a registration ended; the table's monitor is held.
     *
     * @param fd the descriptor
     * @throws IOException if the kernel failed
     */
    protected abstract void kernelDelete(int fd) throws IOException;

    /**
     * After a registration was added or changed in the table (its interests are the new ones): a
     * backend that arms kinds itself does it here. Nothing by default.
     *
     * @param r the registration
     * @throws IOException if waking the poll failed
     */
    protected void registered(Registration r) throws IOException {
    }

    /** The descriptor of one of the backend's sources: the base class checked it is ours, and all are FdSources. */
    private static int fdOf(IoSource source) {
        return ((FdSource) source).fd();
    }
}
