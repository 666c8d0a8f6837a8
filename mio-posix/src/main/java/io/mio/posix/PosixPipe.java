package io.mio.posix;

import io.mio.spi.PollProvider;
import io.mio.unix.Pipe;
import io.mio.unix.SourceFd;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The two ends of a non-blocking pipe, and the user's descriptor wrapped as a source. */
final class PosixPipe {
    private PosixPipe() {
    }

    /** The write end. */
    static final class Sender extends Pipe.Sender implements FdSource {
        private final NativeFd nfd;

        Sender(PollProvider provider, int fd) {
            super(provider);
            this.nfd = new NativeFd(fd, true, this);
        }

        @Override
        public int fd() {
            return nfd.fd;
        }

        @Override
        public void attach(Registration registration) {
            nfd.registration = registration;
        }

        @Override
        protected int implWrite(ByteBuffer src) throws IOException {
            return Transfers.write(nfd, src, false);
        }

        @Override
        protected long implWrite(ByteBuffer[] srcs) throws IOException {
            return Transfers.write(nfd, srcs, false);
        }

        @Override
        protected void implCloseSource() throws IOException {
            nfd.close();
        }

        @Override
        public String toString() {
            return "Pipe.Sender[" + provider().name() + ", " + nfd + "]";
        }
    }

    /** The read end. */
    static final class Receiver extends Pipe.Receiver implements FdSource {
        private final NativeFd nfd;

        Receiver(PollProvider provider, int fd) {
            super(provider);
            this.nfd = new NativeFd(fd, true, this);
        }

        @Override
        public int fd() {
            return nfd.fd;
        }

        @Override
        public void attach(Registration registration) {
            nfd.registration = registration;
        }

        @Override
        protected int implRead(ByteBuffer dst) throws IOException {
            return Transfers.read(nfd, dst, false);
        }

        @Override
        protected long implRead(ByteBuffer[] dsts) throws IOException {
            return Transfers.read(nfd, dsts);
        }

        @Override
        protected void implCloseSource() throws IOException {
            nfd.close();
        }

        @Override
        public String toString() {
            return "Pipe.Receiver[" + provider().name() + ", " + nfd + "]";
        }
    }

    /**
     * A descriptor the user owns: registering it needs only its number, and closing the source
     * leaves the descriptor open (mio's SourceFd).
     */
    static final class UserFd extends SourceFd implements FdSource {
        UserFd(PollProvider provider, int fd) {
            super(provider, fd);
        }

        @Override
        protected void implCloseSource() {
            // the descriptor stays the user's: nothing to release
        }

        @Override
        public String toString() {
            return "SourceFd[" + provider().name() + ", fd " + fd() + (isOpen() ? "" : ", closed") + "]";
        }
    }
}
