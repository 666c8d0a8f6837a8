/**
 * The {@code iocp} backend: Windows' AFD polls on an I/O completion port. {@link io.mio.iocp.IocpProvider}
 * is its provider; the driver ({@code IocpDriver}) and the Winsock sockets call ntdll, kernel32 and
 * ws2_32 through one downcall class; the facts they rely on (constants and structure layouts) are
 * in one package-private class, checked against the Windows SDK headers by the build.
 */
package io.mio.iocp;
