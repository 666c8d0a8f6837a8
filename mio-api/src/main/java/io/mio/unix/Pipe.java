package io.mio.unix;

import io.mio.IoSource;
import io.mio.spi.PollProvider;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A non-blocking, unidirectional pipe (mio's {@code unix::pipe}): bytes written to {@link #sender()}
 * are read from {@link #receiver()}. Each end is a {@link IoSource} registered on its own: the sender
 * for {@link io.mio.Interest#WRITABLE}, the receiver for {@link io.mio.Interest#READABLE}.
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

    /** The write end of a pipe. */
    public abstract static class Sender extends IoSource {
        /**
         * For backends.
         *
         * @param provider the backend
         */
        protected Sender(PollProvider provider) {
            super(provider);
        }

        /**
         * Writes from {@code src}.
         *
         * @param src the bytes
         * @return the bytes written, 0 if the pipe is full (would block)
         * @throws IOException if the end is closed or the write fails (broken pipe when the
         *                     receiver is closed)
         */
        public final int write(ByteBuffer src) throws IOException {
            Objects.requireNonNull(src, "buffer");
            ensureOpen();
            return implWrite(src);
        }

        /**
         * Writes from several buffers in one call where the backend can. Empty buffers are skipped,
         * as by {@link Receiver#read(ByteBuffer[])}.
         *
         * @param srcs the bytes
         * @return the bytes written, 0 if the pipe is full
         * @throws IOException if the end is closed or the write fails
         */
        public final long write(ByteBuffer[] srcs) throws IOException {
            checkWriteSources(srcs);
            ensureOpen();
            return implWrite(srcs);
        }

        /**
         * Writes from one buffer.
         *
         * @param src the bytes
         * @return as {@link #write(ByteBuffer)}
         * @throws IOException if that fails
         */
        protected abstract int implWrite(ByteBuffer src) throws IOException;

        /**
         * Writes from several buffers.
         *
         * @param srcs the bytes
         * @return as {@link #write(ByteBuffer[])}
         * @throws IOException if that fails
         */
        protected abstract long implWrite(ByteBuffer[] srcs) throws IOException;
    }

    /** The read end of a pipe. */
    public abstract static class Receiver extends IoSource {
        /**
         * For backends.
         *
         * @param provider the backend
         */
        protected Receiver(PollProvider provider) {
            super(provider);
        }

        /**
         * Reads into {@code dst}.
         *
         * @param dst where to store the bytes
         * @return the bytes read, 0 if the pipe is empty (would block), -1 once the sender is closed
         * @throws IOException if the end is closed or the read fails
         */
        public final int read(ByteBuffer dst) throws IOException {
            checkReadTarget(dst);
            ensureOpen();
            return implRead(dst);
        }

        /**
         * Reads into several buffers in one call where the backend can. Empty buffers are skipped
         * (they count toward no limit of the system call), as by the JDK.
         *
         * @param dsts where to store the bytes
         * @return the bytes read, 0 if the pipe is empty, -1 once the sender is closed
         * @throws IOException if the end is closed or the read fails
         */
        public final long read(ByteBuffer[] dsts) throws IOException {
            checkReadTargets(dsts);
            ensureOpen();
            return implRead(dsts);
        }

        /**
         * Reads into one buffer.
         *
         * @param dst a writable buffer
         * @return as {@link #read(ByteBuffer)}
         * @throws IOException if that fails
         */
        protected abstract int implRead(ByteBuffer dst) throws IOException;

        /**
         * Reads into several buffers.
         *
         * @param dsts writable buffers
         * @return as {@link #read(ByteBuffer[])}
         * @throws IOException if that fails
         */
        protected abstract long implRead(ByteBuffer[] dsts) throws IOException;
    }
}
