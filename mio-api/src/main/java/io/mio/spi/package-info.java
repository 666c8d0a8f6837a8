/**
 * The backend contract. A backend is a {@link io.mio.spi.PollProvider} registered with
 * {@code provides io.mio.spi.PollProvider with ...} in its {@code module-info.java} and in
 * {@code META-INF/services/io.mio.spi.PollProvider}, so it is found on the module path and on the
 * class path. It supplies:
 * <ul>
 * <li>a {@link io.mio.Poll} subclass: {@code implPoll} fills the events with
 *     {@code Poll.addEvent} (never more than {@code events.capacity()}, read at each call: while
 *     user-space events or deadlines wait, the shared code lowers it to keep room for them;
 *     allocating nothing in steady state),
 *     retries interrupted system calls with the remaining timeout, and rounds sub-millisecond
 *     timeouts up; {@code implWakeup} and {@code implClose};</li>
 * <li>a {@link io.mio.Registry} subclass: {@code implRegister}, {@code implReregister} (re-arms the
 *     edge), {@code implDeregister} (also called when a registered source is closed) and
 *     {@code implNewWaker}. The hooks see only {@link io.mio.IoSource}s, the sources a backend
 *     creates: a user's {@link io.mio.Source} reaches them by delegating to the {@code IoSource}s it
 *     holds. {@code IoSource}'s final {@code register}, {@code reregister} and {@code deregister}
 *     have already checked the arguments, the backend, the poll's and the source's open state and
 *     the registration state, and hold the source's state lock while a hook runs;</li>
 * <li>a {@link io.mio.Waker} subclass whose wake makes the poll report a readable event with its
 *     token; a blocked {@code implPoll} returns with that event (the shared code's user-space
 *     events wake a blocked poll through an internal waker, whose event it drops);</li>
 * <li>one I/O class per shape: {@link io.mio.spi.StreamIo} (TCP and Unix-domain streams),
 *     {@link io.mio.spi.ListenerIo} (TCP and Unix-domain listeners),
 *     {@link io.mio.spi.DatagramIo} (UDP and Unix-domain datagrams) and {@link io.mio.spi.ByteIo}
 *     (either end of a pipe), each extending {@code IoSource} (so it is what the registry hooks
 *     receive) and checking that it is open once per call; its factories wrap them in the final API
 *     types ({@code new TcpStream(io)}, {@code new Pipe.Sender(io)}). TCP and UDP are required;
 *     Unix-domain sockets, pipes and raw descriptors where listed in
 *     {@link io.mio.spi.PollProvider#capabilities()}. A stream over a native socket whose backend
 *     reads {@code getpeername} and {@code SO_ERROR} itself keeps its non-blocking connect in a
 *     {@link io.mio.spi.ConnectState}, which answers {@code peerAddress} and {@code takeError};</li>
 * <li>edge-triggered delivery: an interest is reported again only after an operation on the source
 *     returned would-block or the source was reregistered (a backend over a level-triggered facility
 *     emulates this); and, where it lists {@link io.mio.spi.Capability#REGISTRATION_MODES}, the
 *     {@link io.mio.Mode} an interest carries: level (reported on every poll while ready) and
 *     oneshot (one event, then none until reregistered, whatever would-block);</li>
 * <li>{@link io.mio.spi.Readiness} bits exactly as far as the facility can tell, never a flag it did
 *     not see; what it cannot report, it leaves out of its capabilities.</li>
 * </ul>
 * User-space events ({@code Poll.post}) and deadlines ({@link io.mio.Deadline}) need nothing more:
 * the shared {@code Poll} code keeps them, caps the timeout it passes to {@code implPoll} and adds
 * their events after the backend's.
 * Errors name what was wrong: native failures name the call and the errno name. The TCK in
 * {@code io.mio:mio-tests} checks all of this against a provider; see the README. A skeleton to
 * copy, with the thread and the locks of each hook, is {@code io.mio.tck.skeleton} in the TCK's
 * test sources.
 *
 * <p>A provider cannot wrap another provider under its own name: a source belongs to the provider
 * that created it (a registry of another provider class refuses it before any hook runs) and the
 * hooks are protected, so a wrapper would have to forward every operation of every source and nest
 * one {@code Poll} inside another. Behaviour on top of a backend composes as a
 * {@link io.mio.Source} instead.
 */
package io.mio.spi;
