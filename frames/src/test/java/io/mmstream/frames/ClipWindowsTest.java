package io.mmstream.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClipWindowsTest {

    @Test
    void videoBertClipsAreOneAndAHalfSecondsWithoutOverlap() {
        ClipWindows w = ClipWindows.videoBert();
        assertEquals(0, w.startUs(0));
        assertEquals(1_500_000, w.endUs(0));
        assertEquals(1_500_000, w.startUs(1));
        // 20 fps frames 0..29 are clip 0, frame 30 opens clip 1
        assertEquals(0, w.lastClip(29 * 50_000));
        assertEquals(1, w.lastClip(30 * 50_000));
        assertEquals(w.lastClip(1_499_999), w.firstClip(1_499_999));
    }

    @Test
    void overlappingClipsContainAFrameSeveralTimes() {
        ClipWindows w = new ClipWindows(20, 30, 10); // a clip every 0.5 s, 1.5 s long
        long pts = 1_600_000;
        assertEquals(1, w.firstClip(pts), "clip 1 covers 0.5-2.0 s");
        assertEquals(3, w.lastClip(pts), "clip 3 covers 1.5-3.0 s");
        assertEquals(0, w.firstClip(100_000));
        assertEquals(0, w.lastClip(100_000));
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ClipWindows(0, 30, 30));
        assertThrows(IllegalArgumentException.class, () -> new ClipWindows(20, 30, 31));
        assertThrows(IllegalArgumentException.class, () -> new ClipWindows(20, 0, 0));
    }
}
