package io.mio.selector;

import io.mio.spi.ByteIo;
import io.mio.unix.Pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SelectableChannel;

/**
 * Either end of a {@link java.nio.channels.Pipe}, which is an OS pipe on Unix-like systems: what
 * {@link Pipe.Sender} and {@link Pipe.Receiver} hold. It is its own registration state, as a socket
 * of this backend is; reads and writes re-arm the edge when they would block.
 */
final class SelectorPipe extends IoState implements ByteIo {
    /** The read end's channel; null for the write end, which the API never reads. */
    private final ScatteringByteChannel in;
    /** The write end's channel; null for the read end. */
    private final GatheringByteChannel out;

    private SelectorPipe(SelectorPollProvider provider, SelectableChannel channel, ScatteringByteChannel in,
                         GatheringByteChannel out) {
        super(provider, channel);
        this.in = in;
        this.out = out;
    }

    /**
     * Opens a pipe with both ends non-blocking.
     *
     * @param provider the backend
     * @return the pipe
     * @throws IOException if that fails
     */
    static Pipe open(SelectorPollProvider provider) throws IOException {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try {
            pipe.sink().configureBlocking(false);
            pipe.source().configureBlocking(false);
        } catch (IOException e) {
            pipe.sink().close();
            pipe.source().close();
            throw e;
        }
        return new Pipe(new Pipe.Sender(new SelectorPipe(provider, pipe.sink(), null, pipe.sink())),
                new Pipe.Receiver(new SelectorPipe(provider, pipe.source(), pipe.source(), null)));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return readRearming(readable(), dst);
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return readRearming(readable(), dsts);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return writeRearming(writable(), src);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return writeRearming(writable(), srcs);
    }

    private ScatteringByteChannel readable() {
        if (in == null) {
            throw new NonReadableChannelException();
        }
        return in;
    }

    private GatheringByteChannel writable() {
        if (out == null) {
            throw new NonWritableChannelException();
        }
        return out;
    }

    @Override
    public String toString() {
        return (out != null ? "Pipe.Sender[" : "Pipe.Receiver[") + provider().name()
                + (isOpen() ? "" : ", closed") + "]";
    }
}
