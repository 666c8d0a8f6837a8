package io.mio.poll;

import io.mio.posix.Registration;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The {@code struct pollfd} array poll(2) reads, with the registration of each entry; grown to the
 * most entries seen (a steady poll allocates nothing). Used by the polling thread only; freed by
 * {@link #close()}, which the poll's close runs after any poll returned.
 */
final class PollFdArray {
    private Arena arena;
    private MemorySegment fds;
    private Registration[] registrations;
    private int count;

    PollFdArray(int capacity) {
        grow(capacity);
    }

    /** Starts a new array whose entry 0 is {@code fd} (the wake pipe, which has no registration). */
    void reset(int fd, int events) {
        Arrays.fill(registrations, 0, count, null); // let ended registrations go
        count = 0;
        add(fd, events, null);
    }

    void add(int fd, int events, Registration registration) {
        if (count == registrations.length) {
            grow(count * 2);
        }
        PollFd.set(fds, count, fd, events);
        registrations[count++] = registration;
    }

    int count() {
        return count;
    }

    MemorySegment segment() {
        return fds;
    }

    int revents(int i) {
        return PollFd.revents(fds, i);
    }

    Registration registration(int i) {
        return registrations[i];
    }

    private void grow(int capacity) {
        Arena grown = Arena.ofShared();
        MemorySegment array = grown.allocate(PollFd.SIZE * capacity, 8);
        if (arena != null) {
            MemorySegment.copy(fds, 0, array, 0, fds.byteSize());
            arena.close();
        }
        arena = grown;
        fds = array;
        registrations = registrations == null ? new Registration[capacity] : Arrays.copyOf(registrations, capacity);
    }

    void close() {
        arena.close();
    }
}
