package io.mio.selector;

import io.mio.unix.Pipe;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The two ends of a {@link java.nio.channels.Pipe}, which is an OS pipe on Unix-like systems. */
final class SelectorPipe {
    private SelectorPipe() {
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
        return new Pipe(new Sender(provider, pipe.sink()), new Receiver(provider, pipe.source()));
    }

    /** The write end. */
    static final class Sender extends Pipe.Sender implements SelectorSource {
        private final java.nio.channels.Pipe.SinkChannel sink;
        private final IoState io;

        Sender(SelectorPollProvider provider, java.nio.channels.Pipe.SinkChannel sink) {
            super(provider);
            this.sink = sink;
            this.io = new IoState(provider, sink, this);
        }

        @Override
        public IoState io() {
            return io;
        }

        @Override
        protected int implWrite(ByteBuffer src) throws IOException {
            return io.writeRearming(sink, src);
        }

        @Override
        protected long implWrite(ByteBuffer[] srcs) throws IOException {
            return io.writeRearming(sink, srcs);
        }

        @Override
        protected void implCloseSource() throws IOException {
            io.close();
        }
    }

    /** The read end. */
    static final class Receiver extends Pipe.Receiver implements SelectorSource {
        private final java.nio.channels.Pipe.SourceChannel source;
        private final IoState io;

        Receiver(SelectorPollProvider provider, java.nio.channels.Pipe.SourceChannel source) {
            super(provider);
            this.source = source;
            this.io = new IoState(provider, source, this);
        }

        @Override
        public IoState io() {
            return io;
        }

        @Override
        protected int implRead(ByteBuffer dst) throws IOException {
            return io.readRearming(source, dst);
        }

        @Override
        protected long implRead(ByteBuffer[] dsts) throws IOException {
            return io.readRearming(source, dsts);
        }

        @Override
        protected void implCloseSource() throws IOException {
            io.close();
        }
    }
}
