package io.mio;

import io.mio.spi.PollProvider;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * Something that can be registered with a {@link Registry}: a socket, a pipe end or a raw
 * descriptor. Every source is created by a {@link PollProvider} and can only be registered with a
 * {@link Poll} of the same provider.
 *
 * <p>This base class keeps the registration state, so the rules of the contract are enforced in one
 * place for every backend: a source is registered with at most one registry at a time, a closed
 * source cannot be registered, and {@link #close()} deregisters the source before it releases it.
 * Backends extend the public source types ({@code TcpStream} and so on) and implement their
 * {@code impl*} hooks; users do not extend this class.
 */
public abstract class Source implements Closeable {
    private final PollProvider provider;
    /** Guards registry, token, interests and closed against concurrent register and close. */
    final Object stateLock = new Object();
    /** The registry this source is registered with, or null; guarded by stateLock. */
    Registry registry;
    Token token;
    Interest interests;
    private volatile boolean closed;

    /**
     * Creates an open, unregistered source.
     *
     * @param provider the backend that created it
     */
    protected Source(PollProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** {@return the backend that created this source} */
    public final PollProvider provider() {
        return provider;
    }

    /** {@return whether this source is open} */
    public final boolean isOpen() {
        return !closed;
    }

    /**
     * Deregisters this source if it is registered, then releases it. Closing a closed source does
     * nothing. No event for this source is returned by a poll that starts after {@code close}.
     *
     * @throws IOException if deregistering or releasing fails; the source is closed all the same
     */
    @Override
    public final void close() throws IOException {
        Registry registeredWith;
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
            registeredWith = registry;
            registry = null;
        }
        IOException failure = null;
        // a closed poll has already dropped every registration with its event queue
        if (registeredWith != null && registeredWith.isOpen()) {
            try {
                registeredWith.implDeregister(this);
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException("deregister on close failed", e);
            }
        }
        try {
            implCloseSource();
        } catch (IOException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Releases the source's resources. Called once, by {@link #close()}, after the source was
     * deregistered.
     *
     * @throws IOException if releasing fails
     */
    protected abstract void implCloseSource() throws IOException;

    /**
     * Throws if this source is closed.
     *
     * @throws ClosedChannelException ({@link ClosedSourceException}) if it is closed
     */
    protected final void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedSourceException(this);
        }
    }

    /**
     * Checks a buffer to read into.
     *
     * @param dst the buffer
     * @return {@code dst}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is read-only
     */
    protected static ByteBuffer checkReadTarget(ByteBuffer dst) {
        Objects.requireNonNull(dst, "buffer");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only buffer");
        }
        return dst;
    }

    /**
     * Checks buffers to read into (vectored read).
     *
     * @param dsts the buffers
     * @return {@code dsts}
     */
    protected static ByteBuffer[] checkReadTargets(ByteBuffer[] dsts) {
        Objects.requireNonNull(dsts, "buffers");
        for (ByteBuffer dst : dsts) {
            checkReadTarget(dst);
        }
        return dsts;
    }

    /**
     * Checks buffers to write from (vectored write).
     *
     * @param srcs the buffers
     * @return {@code srcs}
     */
    protected static ByteBuffer[] checkWriteSources(ByteBuffer[] srcs) {
        Objects.requireNonNull(srcs, "buffers");
        for (ByteBuffer src : srcs) {
            Objects.requireNonNull(src, "buffer");
        }
        return srcs;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + provider.name() + (closed ? ", closed" : "") + "]";
    }
}
