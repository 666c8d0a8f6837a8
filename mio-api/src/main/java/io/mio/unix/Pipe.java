package io.mio.unix;

import io.mio.BackendSource;
import io.mio.IoSource;
import io.mio.Source;
import io.mio.spi.ByteIo;
import io.mio.spi.PollProvider;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A non-blocking, unidirectional pipe (mio's {@code unix::pipe}): bytes written to {@link #sender()}
 * are read from {@link #receiver()}. Each end is a {@link Source} registered on its own: the sender
 * for {@link io.mio.Interest#WRITABLE}, the receiver for {@link io.mio.Interest#READABLE}. The ends
 * are final types over their backend's {@link ByteIo}, as the sockets of {@link io.mio.net} are.
 *
 * @param sender the write end
 * @param receiver the read end
 */
public record Pipe(Sender sender, Receiver receiver) implements Closeable {
    /**
     * Checks the ends.
     *
     * @param sender the write end
     * @param receiver the read end
     */
    public Pipe {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * Opens a pipe with {@code provider}'s backend.
     *
     * @param provider the backend
     * @return the pipe
     * @throws IOException if that fails
     * @throws UnsupportedOperationException if the backend lacks {@link io.mio.spi.Capability#PIPES}
     */
    public static Pipe open(PollProvider provider) throws IOException {
        return Objects.requireNonNull(provider, "provider").openPipe();
    }

    /**
     * Closes both ends.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        try {
            sender.close();
        } finally {
            receiver.close();
        }
    }

    /**
     * What both ends of a pipe have: the backend's {@link ByteIo} (an {@link IoSource}) the end
     * holds and delegates registration and close to ({@link BackendSource}), as a socket does.
     * Closing the sender gives the receiver end of stream; closing the receiver makes the
     * sender's writes fail with a broken pipe.
     */
    public abstract static sealed class End extends BackendSource permits Sender, Receiver {
        /** The backend's pipe end; every call goes through it. */
        final ByteIo io;

        End(ByteIo io) {
            super(io);
            this.io = io;
        }

        /**
         * The backend's I/O object this end makes its calls through: the {@link IoSource} its
         * registry sees. For backends and their tests; users call the end.
         *
         * @return the I/O object
         */
        public final ByteIo io() {
            return io;
        }
    }

    /** The write end of a pipe. */
    public static final class Sender extends End {
        /**
         * Wraps a backend's pipe end; for backends ({@link PollProvider#openPipe()}).
         *
         * @param io the backend's write end, an {@link IoSource}
         * @throws IllegalArgumentException if it is not an {@code IoSource}
         */
        public Sender(ByteIo io) {
            super(io);
        }

        /**
         * Writes from {@code src}.
         *
         * @param src the bytes
         * @return the bytes written, 0 if the pipe is full (would block)
         * @throws IOException if the end is closed or the write fails (broken pipe when the
         *                     receiver is closed)
         */
        public int write(ByteBuffer src) throws IOException {
            Objects.requireNonNull(src, "buffer");
            return io.write(src);
        }

        /**
         * Writes from several buffers in one call where the backend can. Empty buffers are skipped,
         * as by {@link Receiver#read(ByteBuffer[])}.
         *
         * @param srcs the bytes
         * @return the bytes written, 0 if the pipe is full
         * @throws IOException if the end is closed or the write fails
         */
        public long write(ByteBuffer[] srcs) throws IOException {
            IoSource.checkWriteSources(srcs);
            return io.write(srcs);
        }
    }

    /** The read end of a pipe. */
    public static final class Receiver extends End {
        /**
         * Wraps a backend's pipe end; for backends ({@link PollProvider#openPipe()}).
         *
         * @param io the backend's read end, an {@link IoSource}
         * @throws IllegalArgumentException if it is not an {@code IoSource}
         */
        public Receiver(ByteIo io) {
            super(io);
        }

        /**
         * Reads into {@code dst}.
         *
         * @param dst where to store the bytes
         * @return the bytes read, 0 if the pipe is empty (would block), -1 once the sender is closed
         * @throws IOException if the end is closed or the read fails
         */
        public int read(ByteBuffer dst) throws IOException {
            IoSource.checkReadTarget(dst);
            return io.read(dst);
        }

        /**
         * Reads into several buffers in one call where the backend can. Empty buffers are skipped
         * (they count toward no limit of the system call), as by the JDK.
         *
         * @param dsts where to store the bytes
         * @return the bytes read, 0 if the pipe is empty, -1 once the sender is closed
         * @throws IOException if the end is closed or the read fails
         */
        public long read(ByteBuffer[] dsts) throws IOException {
            IoSource.checkReadTargets(dsts);
            return io.read(dsts);
        }
    }
}
