package io.mio.posix;

import io.mio.Events;
import io.mio.Poll;
import io.mio.spi.PollProvider;

import java.io.IOException;
import java.lang.foreign.Arena;

/**
 * The poll of a backend whose registry keeps its sources in a {@link RegistrationTable} (epoll,
 * poll(2), kqueue): what their poll loops share, written once.
 */
public abstract class TablePoll extends Poll {
    /**
     * Creates an open poll of {@code provider}.
     *
     * @param provider the backend
     */
    protected TablePoll(PollProvider provider) {
        super(provider);
    }

    /**
     * Adds the readiness posted to {@code table}'s registrations ({@link Registration#post}) after
     * the kernel's events, oldest first, each registration once with what was posted to it since it
     * was last reported. What does not fit stays queued, and {@link RegistrationTable#hasPosted()}
     * (or this method's result) tells the next poll not to block. Allocates nothing.
     *
     * @param table the registry's table; its monitor held
     * @param events the events being filled
     * @return whether readiness stayed queued (the events were full)
     */
    protected static boolean reportPosted(RegistrationTable table, Events events) {
        assert Thread.holdsLock(table);
        for (Registration r; (r = table.firstPosted()) != null; table.removeFirstPosted()) {
            int posted = table.postedReadiness(r);
            if (posted != 0 && !addEvent(events, r.token(), posted)) {
                return true; // full: this one and the rest stay queued
            }
        }
        return false;
    }

    /**
     * The end of {@code implClose}, after the table was released: closes the poll's two descriptors
     * and then its arena, each even if one before failed (the first failure is thrown).
     *
     * @param fd the kernel object or a wake descriptor
     * @param otherFd the other descriptor
     * @param arena the arena of the poll's native buffers
     * @throws IOException if a close failed
     */
    protected static void closeAll(int fd, int otherFd, Arena arena) throws IOException {
        try {
            Descriptors.close(fd);
        } finally {
            try {
                Descriptors.close(otherFd);
            } finally {
                arena.close();
            }
        }
    }
}
