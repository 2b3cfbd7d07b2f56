package io.mmstream.streams.lanes;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs the machine to itself: it is a {@link WallClock} test that
 * {@link WallClockLane} runs last ({@code @Order(Quiet.LAST)}), and it starts only once
 * {@link ComputeLane} has ended.
 * Beside the other lane, the real-time streams' words failed where they pass alone (WER up to 0.27
 * against 0.15 allowed).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WallClock
@Order(Quiet.LAST)
@ExtendWith(AfterComputeLane.class)
public @interface Quiet {

    /** The {@code @Order} that puts a class after every unmarked one. */
    int LAST = Integer.MAX_VALUE;
}
