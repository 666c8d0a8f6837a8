package com.example;

import io.mio.tck.PollTest;
import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

// As in the README, with one TCK class (PollTest) instead of @SelectPackages("io.mio.tck"), to keep
// mio's own build short; "selector" stands in for your backend's PollProvider.name().
@Suite
@SuiteDisplayName("TCK: mybackend")
@SelectClasses(PollTest.class)
@ConfigurationParameter(key = "io.mio.tck.provider", value = "selector")
class MyBackendTckTest {}
