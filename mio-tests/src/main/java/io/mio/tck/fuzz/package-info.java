/**
 * The TCK's differential fuzzer: seeded random programs of socket operations run on the backend
 * under test and on the peer backend, compared step by step; see
 * {@link io.mio.tck.fuzz.DifferentialFuzzTest}.
 */
package io.mio.tck.fuzz;
