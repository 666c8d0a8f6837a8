/**
 * The completion-port selector of mio for Java: readiness emulated on one-shot poll completions,
 * as Rust mio's Windows selector ({@code sys/windows/selector.rs}) does it, behind a small driver
 * interface ({@link io.mio.completion.CompletionDriver}). It holds no native code and needs nothing
 * but {@code io.mio}, so the io_uring driver ({@code io.mio.uring}) and the Windows AFD/IOCP driver
 * both build on it. Exported only to those driver modules: it is their shared implementation, not
 * user API.
 */
@SuppressWarnings("module") // the driver modules are compiled after this one (iocp later still)
module io.mio.completion {
    requires transitive io.mio;

    exports io.mio.completion to io.mio.uring, io.mio.iocp;
}
