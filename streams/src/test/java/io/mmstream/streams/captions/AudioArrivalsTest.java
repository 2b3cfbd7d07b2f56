package io.mmstream.streams.captions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AudioArrivalsTest {

    private static final long IDLE_MS = 1_000;

    @Test
    void aContinuousStreamStallsAfterTheIdleFlush() {
        AudioArrivals a = new AudioArrivals();
        long t = 0;
        for (; t <= 60_000; t += 100) {
            a.arrived(t, t);
        }
        long last = t - 100;
        assertFalse(a.stalled(last + 900, IDLE_MS));
        assertTrue(a.stalled(last + 1_000, IDLE_MS));
    }

    @Test
    void hlsSegmentsDoNotCountAsStallsButALongerSilenceDoes() {
        AudioArrivals a = new AudioArrivals();
        long t = 0;
        // 1 s segments listed every 1.4 s at worst: ten chunks at once, then nothing
        for (int segment = 0; segment < 30; segment++, t += 1_400) {
            for (int chunk = 0; chunk < 10; chunk++) {
                a.arrived(t + chunk, t + chunk);
            }
        }
        long last = t - 1_400 + 9;
        assertFalse(a.stalled(last + 1_390, IDLE_MS), "a segment boundary is no stall");
        assertFalse(a.stalled(last + 2_000, IDLE_MS));
        assertTrue(a.stalled(last + 2_200, IDLE_MS), "half again the usual gap is");
    }

    @Test
    void oneStallDoesNotMakeAStreamLookBurstyForLong() {
        AudioArrivals a = new AudioArrivals();
        long t = 0;
        for (; t < 10_000; t += 100) {
            a.arrived(t, t);
        }
        t += 4_000; // a stall, then the stream is back
        for (long end = t + 90_000; t < end; t += 100) {
            a.arrived(t, t);
        }
        long last = t - 100;
        assertTrue(a.stalled(last + 1_000, IDLE_MS), "90 s later the idle flush applies again");
    }

    @Test
    void nothingIsPendingAfterAFlushUntilAudioComesAgain() {
        AudioArrivals a = new AudioArrivals();
        a.arrived(0, 0);
        assertTrue(a.stalled(5_000, IDLE_MS));
        a.flushed();
        assertFalse(a.stalled(6_000, IDLE_MS));
        a.arrived(7_000, 7_000);
        assertFalse(a.stalled(8_000, IDLE_MS), "the 7 s gap is now one this stream may have");
        assertTrue(a.stalled(7_000 + 10_500, IDLE_MS));
    }
}
