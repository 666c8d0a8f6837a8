/**
 * The {@code iocp} backend: Windows' AFD polls on an I/O completion port. {@link io.mio.iocp.IocpProvider}
 * is its provider; the facts its driver relies on (constants and structure layouts of ntdll,
 * kernel32 and ws2_32) are in one package-private class, checked against the Windows SDK headers
 * by the build.
 */
package io.mio.iocp;
