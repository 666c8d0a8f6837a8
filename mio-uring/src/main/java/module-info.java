/**
 * The io_uring backend of mio for Java (Linux 5.11 and later): the completion-port selector of
 * {@code io.mio.completion} over one-shot {@code IORING_OP_POLL_ADD} requests, with the native
 * sockets of {@code io.mio.posix}; {@code io_uring_setup}, {@code io_uring_enter} and the ring
 * mappings are called through the Foreign Function and Memory API (no liburing). Registered as the
 * provider named {@code "uring"} (priority 75: below epoll, above poll(2)).
 */
module io.mio.uring {
    requires io.mio;
    requires io.mio.posix;
    requires io.mio.completion;

    provides io.mio.spi.PollProvider with io.mio.uring.UringProvider;
}
