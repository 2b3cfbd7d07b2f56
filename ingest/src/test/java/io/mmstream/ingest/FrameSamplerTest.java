package io.mmstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    private static List<Long> kept(double rate, long... pts) {
        FrameSampler sampler = new FrameSampler(rate);
        List<Long> kept = new ArrayList<>();
        for (long p : pts) {
            if (sampler.keep(p)) {
                kept.add(p);
            }
        }
        return kept;
    }

    @Test
    void keepsTheFirstFrameOfEachSlot() {
        // 30 fps source sampled at 10 fps: one frame in three
        long[] pts = new long[30];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = Math.round(i * 1_000_000.0 / 30);
        }
        assertEquals(List.of(0L, 100_000L, 200_000L, 300_000L, 400_000L, 500_000L, 600_000L, 700_000L, 800_000L, 900_000L),
                kept(10, pts).stream().map(p -> Math.round(p / 1000.0) * 1000).toList());
    }

    @Test
    void variableFrameRateIsSampledEvenlyInTime() {
        // bursts and gaps: 0, 10, 20 ms, then nothing until 450 ms, then 460, 900, 910
        assertEquals(List.of(0L, 450_000L, 900_000L), kept(4, 0, 10_000, 20_000, 450_000, 460_000, 900_000, 910_000));
    }

    @Test
    void aRateAboveTheSourceKeepsEveryFrame() {
        assertEquals(List.of(0L, 40_000L, 80_000L, 120_000L), kept(1000, 0, 40_000, 80_000, 120_000));
    }

    @Test
    void rateZeroKeepsNothing() {
        assertFalse(new FrameSampler(0).keep(0));
    }

    @Test
    void repeatedTimestampsAreKeptOnce() {
        assertEquals(List.of(0L), kept(20, 0, 0, 0));
    }
}
