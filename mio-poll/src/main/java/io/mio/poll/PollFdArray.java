package io.mio.poll;

import io.mio.posix.NativeArray;
import io.mio.posix.Registration;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The {@code struct pollfd} array poll(2) reads, with the registration of each entry; grown to the
 * most entries seen (a steady poll allocates nothing). Used by the polling thread only; its
 * {@link #memory()} is freed by the poll's close.
 */
final class PollFdArray {
    private final NativeArray fds;
    /** The array now: {@code fds}' segment, replaced when it grows. */
    private MemorySegment segment;
    private Registration[] registrations;
    private int count;

    PollFdArray(int capacity) {
        fds = new NativeArray(PollFd.SIZE, capacity);
        segment = fds.atLeast(capacity);
        registrations = new Registration[capacity];
    }

    /** Starts a new array whose entry 0 is {@code fd} (the wake pipe, which has no registration). */
    void reset(int fd, int events) {
        Arrays.fill(registrations, 0, count, null); // let ended registrations go
        count = 0;
        add(fd, events, null);
    }

    void add(int fd, int events, Registration registration) {
        if (count == registrations.length) {
            registrations = Arrays.copyOf(registrations, count * 2);
            segment = fds.atLeast(count * 2); // keeps the entries written
        }
        PollFd.set(segment, count, fd, events);
        registrations[count++] = registration;
    }

    int count() {
        return count;
    }

    MemorySegment segment() {
        return segment;
    }

    int revents(int i) {
        return PollFd.revents(segment, i);
    }

    Registration registration(int i) {
        return registrations[i];
    }

    /** @return the native array, which the poll's close frees after any poll returned */
    NativeArray memory() {
        return fds;
    }
}
