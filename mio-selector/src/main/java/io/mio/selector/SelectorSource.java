package io.mio.selector;

/** A source of this backend: every one wraps a selectable channel with its registration state. */
interface SelectorSource {
    /** @return the channel and registration state */
    IoState io();
}
