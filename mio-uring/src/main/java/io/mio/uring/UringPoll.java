package io.mio.uring;

import io.mio.Registry;
import io.mio.completion.CompletionPoll;
import io.mio.completion.PollState;
import io.mio.posix.ReadElision;
import io.mio.posix.Registration;

import java.io.IOException;

/**
 * A poll of the {@code uring} backend: the completion-port selector over an {@link UringDriver},
 * with a registry on mio-posix's registration table (which links each source's would-block to its
 * poll state). The table's monitor is the selector's lock.
 */
final class UringPoll extends CompletionPoll {
    /** The ring sizes: submissions are flushed when full; completions beyond the CQ wait in the kernel. */
    static final int SQ_ENTRIES = 256;
    static final int CQ_ENTRIES = 4096;

    private final UringRegistry registry;

    private UringPoll(UringProvider provider, UringRegistry registry, UringDriver driver) {
        super(provider, driver, registry.table);
        this.registry = registry;
        registry.poll = this;
    }

    /** {@return a poll over a new ring of the given sizes, with multishot edge polls if asked and available} */
    static UringPoll open(UringProvider provider, int sqEntries, int cqEntries, boolean multishot) throws IOException {
        return new UringPoll(provider, new UringRegistry(provider), UringDriver.open(sqEntries, cqEntries, multishot));
    }

    @Override
    public Registry registry() {
        return registry;
    }

    /** The source's read elision learns of the event before the user sees it (the table's monitor is held). */
    @Override
    protected void reported(PollState s, int readiness) {
        Registration r = registry.table.current((int) s.handle());
        ReadElision elision = r != null ? r.elision() : null;
        if (elision != null) {
            elision.eventDecoded(readiness);
        }
    }

    @Override
    protected void releaseRegistrations() {
        registry.table.release();
    }
}
