package io.mio.tck;

import io.mio.spi.Capability;

/**
 * A constant of an {@link EachOf} enum that needs a capability of the backend under test, such as a
 * Unix-domain variant of a stream case. {@link TckExtension} skips that variant before it starts when
 * the backend lacks it, so the report's skip message names the capability.
 */
interface Variant {
    /** {@return the capability this variant needs, or null if it needs none} */
    Capability needs();
}
