package io.mio.epoll;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/** The whole TCK against the epoll backend. */
@Suite
@SuiteDisplayName("TCK: epoll")
@SelectPackages("io.mio.tck")
@ConfigurationParameter(key = "io.mio.tck.provider", value = "epoll")
class EpollTckTest {
}
