package io.mmstream.streams.lanes;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The integration tests marked {@link WallClock}, one class after another, in a JVM of their own while
 * {@link ComputeLane} runs the others beside them; keeping them together keeps two real-time or
 * cluster tests from ever running at once. The {@link Balance} ones run here too, to even the lanes.
 * Classes run in {@code @Order}, so the {@link Quiet} ones come last, once the other lane has ended.
 */
@Suite
@SelectPackages("io.mmstream.streams")
@IncludeClassNamePatterns("^.*IT$")
@IncludeTags({WallClock.TAG, Balance.TAG})
@ConfigurationParameter(key = "junit.jupiter.testclass.order.default", value = "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
public class WallClockLane {
}
