package io.mio.posix;

import io.mio.net.UnixStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A descriptor does not keep the buffers it moved bytes through alive (its address cache holds them weakly). */
@Timeout(60)
class BufferRetentionTest {
    @Test
    void aBufferUsedForReadAndWriteIsCollectableWhileTheSocketStaysOpen() throws Exception {
        UnixStream[] pair = PosixSockets.unixStreamPair(TestProvider.INSTANCE);
        try (UnixStream a = pair[0]; UnixStream b = pair[1]) {
            WeakReference<ByteBuffer> written = writeThroughNewBuffer(a);
            WeakReference<ByteBuffer> read = readThroughNewBuffer(b);
            // bounded: the GC is asked until both are gone; a strong cache keeps them forever
            for (int i = 0; i < 50 && !(written.refersTo(null) && read.refersTo(null)); i++) {
                System.gc();
            }
            assertTrue(written.refersTo(null), "the buffer written from is not retained by the descriptor");
            assertTrue(read.refersTo(null), "the buffer read into is not retained by the descriptor");
            // and the descriptors keep working with new buffers
            assertEquals(4, a.write(ByteBuffer.allocateDirect(4)));
            assertEquals(4, (int) Loops.until("read", () -> b.read(ByteBuffer.allocateDirect(8)), n -> n > 0));
        }
    }

    private static WeakReference<ByteBuffer> writeThroughNewBuffer(UnixStream s) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        assertEquals(16, s.write(buffer));
        return new WeakReference<>(buffer);
    }

    private static WeakReference<ByteBuffer> readThroughNewBuffer(UnixStream s) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(32);
        assertEquals(16, (int) Loops.until("read", () -> s.read(buffer), n -> n > 0));
        return new WeakReference<>(buffer);
    }
}
