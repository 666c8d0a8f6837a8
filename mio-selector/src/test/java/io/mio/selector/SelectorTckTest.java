package io.mio.selector;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/** Runs the whole TCK ({@code io.mio.tck} in mio-tests) against this backend. */
@Suite
@SuiteDisplayName("TCK: selector")
@SelectPackages("io.mio.tck")
@ConfigurationParameter(key = "io.mio.tck.provider", value = "selector")
class SelectorTckTest {
}
