package io.mio.epoll;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The TCK's cross-backend cases with epoll as the tested backend and selector as the peer:
 * InteropTest runs both directions (selector client to epoll server, epoll client to selector
 * server), RegistryTest checks that a selector source is refused by an epoll poll, and the
 * differential fuzzer compares epoll's traces with selector's. The rest of
 * the TCK does not use the peer and runs in {@link EpollTckTest}.
 */
@Suite
@SuiteDisplayName("TCK: epoll, peer selector")
@SelectClasses(names = {"io.mio.tck.InteropTest", "io.mio.tck.RegistryTest",
    "io.mio.tck.DifferentialFuzzTest"})
@ConfigurationParameter(key = "io.mio.tck.provider", value = "epoll")
@ConfigurationParameter(key = "io.mio.tck.peer", value = "selector")
class EpollSelectorInteropTckTest {
}
