package io.mmstream.streams.lanes;

import java.io.IOException;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every integration test of this module not marked {@link WallClock} or {@link Balance} (training, decoding, recognition
 * of files), one class after another, in a JVM of their own beside {@link WallClockLane}; a new
 * {@code *IT} class lands here unless it is marked. While it runs, the {@link Quiet} classes wait.
 */
@Suite
@SelectPackages("io.mmstream.streams")
@IncludeClassNamePatterns("^.*IT$")
@ExcludeTags({WallClock.TAG, Balance.TAG})
public class ComputeLane {

    @BeforeSuite
    static void starts() throws IOException {
        AfterComputeLane.computeLaneStarts();
    }

    @AfterSuite
    static void ends() throws IOException {
        AfterComputeLane.computeLaneEnds();
    }
}
