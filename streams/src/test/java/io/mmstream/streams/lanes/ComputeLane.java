package io.mmstream.streams.lanes;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every integration test of this module not marked {@link WallClock} (training, decoding, recognition
 * of files), one class after another, in a JVM of their own beside {@link WallClockLane}; a new
 * {@code *IT} class lands here unless it is marked.
 */
@Suite
@SelectPackages("io.mmstream.streams")
@IncludeClassNamePatterns("^.*IT$")
@ExcludeTags(WallClock.TAG)
public class ComputeLane {
}
