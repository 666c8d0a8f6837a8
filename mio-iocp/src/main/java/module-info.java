/**
 * The Windows backend of mio for Java, as Rust mio builds it: one {@code IOCTL_AFD_POLL} per socket
 * on an I/O completion port, through the Foreign Function and Memory API. Registered as the
 * provider named {@code "iocp"}; its driver is not written yet, so the provider reports itself
 * unavailable everywhere and says why.
 */
module io.mio.iocp {
    requires io.mio;

    provides io.mio.spi.PollProvider with io.mio.iocp.IocpProvider;
}
