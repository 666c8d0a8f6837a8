package io.mio.posix;

import io.mio.spi.ByteIo;
import io.mio.spi.PollProvider;
import io.mio.unix.SourceFd;

/** A pipe end on its descriptor, and the user's descriptor wrapped as a source. */
final class PosixPipe {
    private PosixPipe() {
    }

    /**
     * Either end of a non-blocking pipe: what {@link io.mio.unix.Pipe.Sender} and
     * {@link io.mio.unix.Pipe.Receiver} hold. The reads and writes are {@link NativeSource}'s; a
     * read of the write end (which the API never makes) fails in the kernel with EBADF.
     */
    static final class End extends NativeSource implements ByteIo {
        /** "Pipe.Sender" or "Pipe.Receiver", for messages. */
        private final String kind;

        End(PollProvider provider, int fd, String kind) {
            super(provider, fd, false, null);
            this.kind = kind;
        }

        @Override
        public String toString() {
            return kind + "[" + provider().name() + ", " + nfd + "]";
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
