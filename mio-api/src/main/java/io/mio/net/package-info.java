/**
 * Non-blocking sockets: TCP ({@link io.mio.net.TcpListener}, {@link io.mio.net.TcpStream}), UDP
 * ({@link io.mio.net.UdpSocket}) and Unix-domain ({@link io.mio.net.UnixListener},
 * {@link io.mio.net.UnixStream}, {@link io.mio.net.UnixDatagram}). Each is created by a backend:
 * the factories without a provider use the default one, the others the one given (e.g.
 * {@code poll.provider()}).
 */
package io.mio.net;
