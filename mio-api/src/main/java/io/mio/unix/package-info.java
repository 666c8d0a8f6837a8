/** Unix-only sources: {@link io.mio.unix.Pipe} and {@link io.mio.unix.SourceFd}. */
package io.mio.unix;
