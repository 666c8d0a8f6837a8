/**
 * The Windows backend of mio for Java, as Rust mio builds it: one {@code IOCTL_AFD_POLL} per socket
 * on an I/O completion port, through the Foreign Function and Memory API, driven by the
 * completion-port selector of {@code io.mio.completion}. Registered as the provider named
 * {@code "iocp"}: available on Windows, and elsewhere over a library of the same Win32 functions
 * named by {@code -Dio.mio.iocp.shim} (the Linux shim its tests build).
 */
module io.mio.iocp {
    requires io.mio;
    requires io.mio.completion;

    provides io.mio.spi.PollProvider with io.mio.iocp.IocpProvider;
}
