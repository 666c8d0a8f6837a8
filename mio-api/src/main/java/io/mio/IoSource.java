package io.mio;

import io.mio.spi.Capability;
import io.mio.spi.PollProvider;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

/**
 * A {@link Source} a backend creates: a socket's I/O object, a pipe end or a raw descriptor
 * (mio's {@code IoSource}). Every one is created by a {@link PollProvider} and can only be registered with
 * a {@link Poll} of the same provider.
 *
 * <p>This base class keeps the registration state, so the rules of the contract are enforced in one
 * place for every backend, whether the source is registered directly or through a user's
 * {@link Source} that delegates to it: a source is registered with at most one registry at a time,
 * a closed source cannot be registered, and {@link #close()} deregisters the source before it
 * releases it. Its {@link #register}, {@link #reregister} and {@link #deregister} make these checks
 * and then call the registry's {@code impl*} hooks. A backend's socket I/O objects (the shapes of
 * {@link io.mio.spi.SocketIo}), pipe ends and raw descriptors extend this class; the final socket
 * types of {@link io.mio.net} hold such an object and delegate their registration to it, as mio's
 * {@code TcpStream} holds its {@code IoSource}. Users implement {@link Source} instead of
 * extending this class.
 */
public abstract class IoSource implements Source, Closeable {
    private final PollProvider provider;
    /** Guards registry and closed against concurrent register and close. */
    private final Object stateLock = new Object();
    /** The registry this source is registered with, or null; guarded by stateLock. */
    private Registry registry;
    private volatile boolean closed;

    /**
     * Creates an open, unregistered source.
     *
     * @param provider the backend that created it
     */
    protected IoSource(PollProvider provider) {
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
     * Registers this source; {@link Registry#register} documents the rules and exceptions. The
     * same as {@code registry.register(this, token, interests)}, for a user's {@link Source} to
     * delegate to.
     *
     * @param registry the registry, of this source's backend
     * @param token the token its events carry
     * @param interests what to report; never empty
     * @throws IOException as {@link Registry#register}
     */
    @Override
    public final void register(Registry registry, Token token, Interest interests) throws IOException {
        check(registry, token, interests);
        synchronized (stateLock) {
            ensureOpen(registry);
            if (this.registry != null && !this.registry.isOpen()) {
                // its poll was closed, which dropped every registration: the source is free again
                this.registry = null;
            }
            if (this.registry != null) {
                throw new IllegalStateException(this.registry == registry
                        ? this + " is already registered; use reregister to change its token or interests"
                        : this + " is registered with another poll; deregister it there first");
            }
            registry.implRegister(this, token, interests);
            this.registry = registry;
        }
        Registry.reachedBackend();
    }

    /**
     * Changes this source's token and interests; {@link Registry#reregister} documents the rules.
     *
     * @param registry the registry it is registered with
     * @param token the new token
     * @param interests the new interests; never empty
     * @throws IOException as {@link Registry#reregister}
     */
    @Override
    public final void reregister(Registry registry, Token token, Interest interests) throws IOException {
        check(registry, token, interests);
        synchronized (stateLock) {
            ensureOpen(registry);
            requireRegisteredWith(registry);
            registry.implReregister(this, token, interests);
        }
        Registry.reachedBackend();
    }

    /**
     * Deregisters this source; {@link Registry#deregister} documents the rules.
     *
     * @param registry the registry it is registered with
     * @throws IOException as {@link Registry#deregister}
     */
    @Override
    public final void deregister(Registry registry) throws IOException {
        checkBackend(registry);
        synchronized (stateLock) {
            ensureOpen(registry);
            requireRegisteredWith(registry);
            registry.implDeregister(this);
            this.registry = null;
        }
        Registry.reachedBackend();
    }

    private void check(Registry registry, Token token, Interest interests) {
        checkBackend(registry);
        Registry.checkArguments(this, token, interests);
        if (interests.mode() != Mode.EDGE && !provider.capabilities().contains(Capability.REGISTRATION_MODES)) {
            throw new UnsupportedOperationException("backend '" + provider.name() + "' cannot "
                    + Capability.REGISTRATION_MODES.description() + " (capability " + Capability.REGISTRATION_MODES
                    + "): cannot register " + this + " for " + interests);
        }
    }

    /** The poll first: a closed poll is reported as such even for a closed source. */
    private void ensureOpen(Registry registry) throws ClosedChannelException {
        registry.ensureOpen();
        ensureOpen();
    }

    private void checkBackend(Registry registry) {
        Objects.requireNonNull(registry, "registry");
        // the same backend may have several provider instances (one per class loader lookup)
        if (provider.getClass() != registry.provider().getClass()) {
            throw new IllegalArgumentException("cannot register a source of backend '" + provider.name()
                    + "' with a poll of backend '" + registry.provider().name()
                    + "': create sources with the poll's provider, e.g. TcpStream.connect(address, poll.provider())");
        }
    }

    private void requireRegisteredWith(Registry registry) {
        if (this.registry != registry) {
            throw new IllegalStateException(this.registry == null
                    ? this + " is not registered"
                    : this + " is registered with another poll");
        }
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
     * Checks a buffer to read into: for the API types and backends.
     *
     * @param dst the buffer
     * @return {@code dst}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is read-only
     */
    public static ByteBuffer checkReadTarget(ByteBuffer dst) {
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
    public static ByteBuffer[] checkReadTargets(ByteBuffer[] dsts) {
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
    public static ByteBuffer[] checkWriteSources(ByteBuffer[] srcs) {
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
