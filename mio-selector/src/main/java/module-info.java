/**
 * The portable mio backend over {@link java.nio.channels.Selector}: available wherever the JDK's
 * selector works, and the fallback when no native backend is. See
 * {@link io.mio.selector.SelectorPollProvider} for what it can and cannot report.
 */
module io.mio.selector {
    requires io.mio;

    provides io.mio.spi.PollProvider with io.mio.selector.SelectorPollProvider;
}
