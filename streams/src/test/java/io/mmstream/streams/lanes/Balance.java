package io.mmstream.streams.lanes;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a compute-bound integration test that {@link WallClockLane} runs, before its {@link Quiet}
 * classes, to even the two lanes' lengths: without it the wall-clock lane had run out of work about
 * six minutes before the compute lane, and the quiet classes waited for the compute lane's end. Its checks
 * must not depend on the clock (it runs beside the other lane, as it did in the compute lane).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(Balance.TAG)
public @interface Balance {

    /** The JUnit tag this annotation puts on a class. */
    String TAG = "balance";
}
