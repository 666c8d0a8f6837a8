package io.mio.posix;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Plain calls on a backend's own descriptors (an epoll instance, an eventfd, a kqueue): close, and
 * read and write of a native buffer. Sockets, pipes and raw sources guard their descriptors with
 * an in-use count instead (see {@link FdSource}); these are for descriptors one owner closes once.
 * Exported only to the backend modules, with the rest of {@code io.mio.posix}.
 */
public final class Descriptors {
    private Descriptors() {
    }

    /**
     * Closes {@code fd}.
     *
     * @param fd an open descriptor the caller owns
     * @throws IOException naming close and the errno, e.g. EBADF
     */
    public static void close(int fd) throws IOException {
        int errno = closeErrno(fd);
        if (errno != 0) {
            throw Errno.exception("close(fd " + fd + ")", errno);
        }
    }

    /**
     * Checks that {@code fd} is an open descriptor ({@code fcntl(F_GETFD)}), for a backend whose
     * kernel accepts any number at registration (poll(2) only reports {@code POLLNVAL} later), so it
     * refuses a closed one as epoll_ctl does.
     *
     * @param fd a descriptor
     * @param call what is being done, for the message
     * @throws IOException naming the call and EBADF if it is not open
     */
    public static void requireOpen(int fd, String call) throws IOException {
        Scratch s = Scratch.get();
        int r;
        try {
            r = (int) Libc.fcntl.invokeExact(s.callState, fd, Os.F_GETFD, 0);
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
        if (r < 0) {
            throw Errno.exception(call + "(fd " + fd + ")", Downcalls.errno(s.callState));
        }
    }

    /**
     * Closes {@code fd} on a path that is already failing, where the first error is the one to
     * report; a negative {@code fd} is ignored.
     *
     * @param fd a descriptor, or -1
     */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            closeErrno(fd);
        }
    }

    /**
     * {@code read(fd, buffer, length)}.
     *
     * @param fd the descriptor
     * @param buffer memory of at least {@code length} bytes, alive and accessible by this thread
     * @param length how much to read
     * @return the bytes read, or {@code -errno} (e.g. {@code -EAGAIN})
     */
    public static long read(int fd, MemorySegment buffer, long length) {
        MemorySegment state = Downcalls.callState();
        try {
            long n = (long) Libc.readChecked.invokeExact(state, fd, buffer.asSlice(0, length), length);
            return n < 0 ? -Downcalls.errno(state) : n;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /**
     * {@code write(fd, buffer, length)}.
     *
     * @param fd the descriptor
     * @param buffer memory of at least {@code length} bytes, alive and accessible by this thread
     * @param length how much to write
     * @return the bytes written, or {@code -errno} (e.g. {@code -EAGAIN})
     */
    public static long write(int fd, MemorySegment buffer, long length) {
        MemorySegment state = Downcalls.callState();
        try {
            long n = (long) Libc.writeChecked.invokeExact(state, fd, buffer.asSlice(0, length), length);
            return n < 0 ? -Downcalls.errno(state) : n;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }

    /** @return 0 or the errno of close(2); EINTR is not retried: Linux has released the number anyway */
    static int closeErrno(int fd) {
        MemorySegment state = Downcalls.callState();
        try {
            int r = (int) Libc.close.invokeExact(state, fd);
            int errno = r < 0 ? Downcalls.errno(state) : 0;
            return errno == Errno.EINTR ? 0 : errno;
        } catch (Throwable t) {
            throw NativeFd.rethrow(t);
        }
    }
}
