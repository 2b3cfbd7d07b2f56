package io.mmstream.streams.lanes;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The integration tests marked {@link WallClock}, one class after another, in a JVM of their own while
 * {@link ComputeLane} runs the others beside them; keeping them together keeps two real-time or
 * cluster tests from ever running at once.
 */
@Suite
@SelectPackages("io.mmstream.streams")
@IncludeClassNamePatterns("^.*IT$")
@IncludeTags(WallClock.TAG)
public class WallClockLane {
}
