package io.mmstream.streams.lanes;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks an integration test that runs in {@link WallClockLane}: one whose checks depend on wall-clock
 * time (real-time streams, session timeouts, recovery times, a mirror that follows a topic) or that uses
 * a machine-wide resource (the three-broker cluster's ports, the live tests' UDP ports).
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(WallClock.TAG)
public @interface WallClock {

    /** The JUnit tag this annotation puts on a class. */
    String TAG = "wall-clock";
}
