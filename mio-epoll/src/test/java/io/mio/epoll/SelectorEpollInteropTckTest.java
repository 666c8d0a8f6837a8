package io.mio.epoll;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/** The other direction: selector as the tested backend, epoll as the peer (and the fuzzer's reference). */
@Suite
@SuiteDisplayName("TCK: selector, peer epoll")
@SelectClasses(names = {"io.mio.tck.InteropTest", "io.mio.tck.RegistryTest",
    "io.mio.tck.DifferentialFuzzTest"})
@ConfigurationParameter(key = "io.mio.tck.provider", value = "selector")
@ConfigurationParameter(key = "io.mio.tck.peer", value = "epoll")
class SelectorEpollInteropTckTest {
}
