package io.mio.spi;

import io.mio.IoSource;
import io.mio.Source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A backend's byte stream: the reads and writes that a connected stream ({@link StreamIo}) and a
 * pipe end ({@link io.mio.unix.Pipe.Sender}, {@link io.mio.unix.Pipe.Receiver}) share. A pipe end
 * holds one such object, which a backend implements once for both ends: the sender only writes
 * through it, the receiver only reads. As for {@link SocketIo}, the object extends
 * {@link IoSource} and is the registered source, its arguments are checked by the API type, it
 * checks that it is open once per call, and would-block is a return value that tells the source's
 * registration so.
 */
public interface ByteIo extends Source, Closeable {
    /** {@return the backend that created this source (implemented by {@link IoSource})} */
    PollProvider provider();

    /** {@return whether this source is open (implemented by {@link IoSource})} */
    boolean isOpen();

    /**
     * Reads into a writable buffer.
     *
     * @param dst the buffer
     * @return the bytes read, 0 if it would block (or {@code dst} is full), -1 at end of stream
     * @throws IOException if the source is closed or the read fails
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Reads into writable buffers in order (vectored).
     *
     * @param dsts the buffers
     * @return the bytes read, 0 if it would block, -1 at end of stream
     * @throws IOException if the source is closed or the read fails
     */
    long read(ByteBuffer[] dsts) throws IOException;

    /**
     * Writes from a buffer.
     *
     * @param src the buffer
     * @return the bytes written, 0 if it would block
     * @throws IOException if the source is closed or the write fails
     */
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes from buffers in order (vectored).
     *
     * @param srcs the buffers
     * @return the bytes written, 0 if it would block
     * @throws IOException if the source is closed or the write fails
     */
    long write(ByteBuffer[] srcs) throws IOException;
}
