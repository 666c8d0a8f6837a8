package io.mio.selector;

import io.mio.ClosedSourceException;
import io.mio.Interest;
import io.mio.IoSource;
import io.mio.Mode;
import io.mio.Token;
import io.mio.spi.PollProvider;
import io.mio.spi.Readiness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.WritableByteChannel;

/**
 * The registration state of one source (mio's {@code IoSourceState}): its channel, the key of its
 * registration, and the source's half of the edge-triggered emulation.
 *
 * <p>The JDK's selector is level-triggered. {@link SelectorPoll} drops an operation from the key's
 * interest set when it reports it; the source puts it back with {@link #rearm} when an operation on
 * it would block, and a reregister puts back everything. So an interest is reported once per edge,
 * never missed, and a ready source the user has not drained does not make every poll return. A
 * {@link Mode#LEVEL} registration is the selector's own behaviour (nothing dropped, nothing to
 * re-arm); a {@link Mode#ONESHOT} one has every operation dropped once it reported ({@link #fired}),
 * and only a reregister puts them back.
 *
 * <p>Fields are written by {@link SelectorPoll}'s registry while it holds this object's monitor and
 * read by the polling thread without it, hence {@code volatile}.
 *
 * <p>It is the {@link IoSource} the registry sees: a socket's I/O object ({@link ChannelSocket}
 * and its shapes) and a pipe end ({@link SelectorPipe}) are their own state.
 */
class IoState extends IoSource implements SelectorSource {
    /** The channel, non-blocking. */
    final SelectableChannel channel;
    /** The poll this source is registered with, or null: the guard checked for every decoded key. */
    volatile SelectorPoll poll;
    /** The token of the current registration. */
    volatile Token token;
    /** The registered interest, or null. */
    volatile Interest interests;
    /** The selector operations the registered interest stands for. */
    volatile int ops;
    /**
     * The key of the last registration, kept with an empty interest set after a deregister: a
     * cancelled key blocks a new registration with the same selector until that selector's next
     * select, so registering again reuses the key instead. Null if never registered.
     */
    volatile SelectionKey key;
    /** The poll of {@link #key}. */
    volatile SelectorPoll keyPoll;
    /** Whether a non-blocking connect is in progress: decoding then completes it. */
    volatile boolean connecting;
    /** Whether a {@link Mode#ONESHOT} registration reported its event: nothing more until reregistered. */
    volatile boolean fired;
    /**
     * The {@link Readiness} bits a flushing select saw, for the next poll to report: written under
     * the poll's select lock, cleared by a reregister. A byte (the bits fit) keeps a stream's
     * state within the size it had before.
     */
    volatile byte owed;
    /** The poll whose posted queue holds this source, or null; guarded by that queue's monitor. */
    SelectorPoll postedTo;

    /**
     * @param provider the backend
     * @param channel the channel, non-blocking
     */
    IoState(PollProvider provider, SelectableChannel channel) {
        super(provider);
        this.channel = channel;
    }

    @Override
    public final IoState io() {
        return this;
    }

    /**
     * Whether the source holds input it took from the channel (a peek's read-ahead): the selector
     * cannot see it, so the poll reports it as readable (see {@link #postHeldInput}).
     */
    boolean holdsInput() {
        return false;
    }

    /**
     * Asks the poll this source is registered with to report it readable: called after a peek
     * moved input from the channel into the source, where the selector would never see it (mio
     * peeks with {@code MSG_PEEK}, which leaves the readiness alone).
     */
    final void postHeldInput() {
        SelectorPoll registeredWith = poll;
        if (registeredWith != null) {
            registeredWith.postReadable(this);
        }
    }

    /**
     * What a {@link ClosedChannelException} from the JDK means here: if the channel is closed, the
     * source was closed by another thread during the call, which is a {@link ClosedSourceException}
     * naming it; if not, the JDK refused a write after {@code shutdownOutput}, which the kernel
     * and the native backends report as a broken pipe.
     *
     * @param e what the channel threw
     * @param call the call, for the message
     * @return the exception to throw
     */
    final IOException translate(ClosedChannelException e, String call) {
        if (!channel.isOpen()) {
            ClosedSourceException named = new ClosedSourceException(this);
            named.initCause(e);
            return named;
        }
        return new IOException(call + " failed: EPIPE (Broken pipe): the output was shut down", e);
    }

    /**
     * The selector operations that stand for {@code interests} on this channel: readable is
     * {@code OP_ACCEPT} on a listener, {@code OP_READ} elsewhere; writable is {@code OP_WRITE}.
     * While connecting, {@code OP_CONNECT} stands for writable and is watched for any interest:
     * the JDK reports no {@code OP_READ} before {@code finishConnect}, however much data waits.
     * Priority has no selector operation.
     */
    final int opsFor(Interest interests) {
        int valid = channel.validOps();
        int ops = 0;
        if (interests.isReadable()) {
            ops |= valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if (connecting) {
            ops |= SelectionKey.OP_CONNECT;
        } else if (interests.isWritable()) {
            ops |= valid & SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /**
     * Re-arms the edge of {@code op} after an operation returned would-block: the operation is put
     * back into the key's interest set if the registration wants it. From the polling thread the
     * change is seen by its next select; from another thread a blocked select is woken to see it.
     *
     * @param op {@code OP_READ | OP_ACCEPT} or {@code OP_WRITE}
     */
    final void rearm(int op) {
        SelectorPoll registeredWith = poll;
        SelectionKey registered = key;
        Interest registeredFor = interests;
        if (registeredWith == null || registered == null || registeredFor == null || registeredFor.mode() != Mode.EDGE) {
            return; // level drops nothing to re-arm; oneshot is armed by a reregister only
        }
        int wanted = ops & op;
        if (wanted == 0) {
            return;
        }
        try {
            // the cheap test first: an armed edge needs no update (the update queue takes a lock)
            if ((registered.interestOps() & wanted) != wanted) {
                registered.interestOpsOr(wanted);
                registeredWith.wakeIfSelecting();
            }
        } catch (CancelledKeyException closedMeanwhile) {
            // closed or deregistered by another thread while we looked: nothing left to arm
        }
    }

    /**
     * The readiness a key selected by {@code selectedBy} reports, the registration's mode applied
     * (edge: the operations leave the interest set until one would block; oneshot: all of them
     * do); 0 for none, or if this source was deregistered while the select ran (no event after
     * deregister returned). Called by the selecting thread.
     */
    final int take(SelectionKey selected, SelectorPoll selectedBy) {
        int ready = selected.readyOps() & ops;
        Interest wanted = interests;
        if (poll != selectedBy || ready == 0 || wanted == null) {
            return 0;
        }
        Mode mode = wanted.mode();
        if (mode == Mode.EDGE && !drop(selected, ready)) {
            return 0; // edge-triggered: quiet until an operation would block
        }
        int readiness = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            readiness |= Readiness.READABLE;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            readiness |= Readiness.WRITABLE;
        }
        if ((ready & SelectionKey.OP_CONNECT) != 0 || connecting) {
            readiness |= completeConnect((ready & SelectionKey.OP_CONNECT) != 0);
        }
        return readiness != 0 && (mode != Mode.ONESHOT || fire(selected)) ? readiness : 0;
    }

    /** Takes {@code selectorOps} out of the key's interest set; false if it was cancelled meanwhile. */
    final boolean drop(SelectionKey selected, int selectorOps) {
        try {
            selected.interestOpsAnd(~selectorOps);
            return true;
        } catch (CancelledKeyException closedMeanwhile) {
            return false;
        }
    }

    /** A oneshot registration reports its one event: every operation dropped until reregistered. */
    final boolean fire(SelectionKey selected) {
        try {
            selected.interestOps(0);
        } catch (CancelledKeyException closedMeanwhile) {
            return false;
        }
        fired = true;
        return true;
    }

    /** Arms every operation of a level registration again, after a flushing select took them out. */
    final void rearmAll() {
        try {
            key.interestOpsOr(ops);
        } catch (CancelledKeyException closedMeanwhile) {
            // closed by another thread: nothing left to arm
        }
    }

    /**
     * Reads from {@code from}, re-arming the readable edge if the read would block.
     *
     * @return as {@link ReadableByteChannel#read}: 0 would block, -1 end of stream
     */
    final int readRearming(ReadableByteChannel from, ByteBuffer dst) throws IOException {
        int n;
        try {
            n = from.read(dst);
        } catch (ClosedChannelException e) {
            throw translate(e, "read");
        }
        if (n == 0 && dst.hasRemaining()) {
            rearm(SelectionKey.OP_READ);
        }
        return n;
    }

    /** The vectored {@link #readRearming(ReadableByteChannel, ByteBuffer)}. */
    final long readRearming(ScatteringByteChannel from, ByteBuffer[] dsts) throws IOException {
        long n;
        try {
            n = from.read(dsts);
        } catch (ClosedChannelException e) {
            throw translate(e, "read");
        }
        if (n == 0 && hasRemaining(dsts)) {
            rearm(SelectionKey.OP_READ);
        }
        return n;
    }

    /**
     * Writes to {@code to}, re-arming the writable edge after a short or no write: the send buffer
     * (or pipe) is full.
     *
     * @return as {@link WritableByteChannel#write}
     */
    final int writeRearming(WritableByteChannel to, ByteBuffer src) throws IOException {
        int wanted = src.remaining();
        int n;
        try {
            n = to.write(src);
        } catch (ClosedChannelException e) {
            throw translate(e, "write");
        }
        if (n < wanted) {
            rearm(SelectionKey.OP_WRITE);
        }
        return n;
    }

    /** The vectored {@link #writeRearming(WritableByteChannel, ByteBuffer)}. */
    final long writeRearming(GatheringByteChannel to, ByteBuffer[] srcs) throws IOException {
        long wanted = remaining(srcs);
        long n;
        try {
            n = to.write(srcs);
        } catch (ClosedChannelException e) {
            throw translate(e, "write");
        }
        if (n < wanted) {
            rearm(SelectionKey.OP_WRITE);
        }
        return n;
    }

    static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    static long remaining(ByteBuffer[] buffers) {
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        return total;
    }

    /**
     * Completes a pending connect when the selector reports the channel; only streams connect.
     *
     * @param connectReady whether {@code OP_CONNECT} was reported (else another operation was)
     * @return the readiness to report: {@code WRITABLE} once connected (if {@code connectReady}
     *         and writable is wanted), {@code ERROR} (with {@code WRITABLE} if wanted) if the
     *         connect failed, 0 while it is still in progress
     */
    int completeConnect(boolean connectReady) {
        return 0;
    }

    /** What a source does just before its channel closes; nothing by default. */
    void beforeClose() {
    }

    /**
     * Closes the channel and makes its poll release the descriptor. A registered channel's close
     * is deferred by the JDK until the selector's next select (JDK-8198692), so the key is
     * released first where no other thread is selecting, and a select is asked for otherwise.
     *
     * @throws IOException if closing fails
     */
    @Override
    protected final void implCloseSource() throws IOException {
        SelectorPoll lastPoll = keyPoll;
        SelectionKey registered = key;
        if (lastPoll != null && registered != null) {
            // release the key first, so the close below is not deferred: a deferred close only
            // shuts the output down, and the peer would see an end of stream where the kernel
            // resets a connection closed with unread data
            lastPoll.releaseNow(registered);
        }
        try {
            beforeClose();
            channel.close();
        } finally {
            if (lastPoll != null) {
                lastPoll.requestFlush();
            }
        }
    }
}
