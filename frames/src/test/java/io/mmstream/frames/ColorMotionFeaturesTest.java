package io.mmstream.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColorMotionFeaturesTest {

    private final ColorMotionFeatures features = new ColorMotionFeatures();

    /** A grey frame with a white square whose left edge is at {@code squareX}. */
    private static RgbFrame frame(int width, int height, int squareX, int grey) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = x >= squareX && x < squareX + width / 4 && y >= height / 4 && y < height / 2 ? 255 : grey;
                int p = (y * width + x) * 3;
                rgb[p] = (byte) v;
                rgb[p + 1] = (byte) v;
                rgb[p + 2] = (byte) v;
            }
        }
        return new RgbFrame(0, width, height, rgb);
    }

    private static List<RgbFrame> clip(int frames, int step, int width, int height) {
        List<RgbFrame> clip = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            clip.add(frame(width, height, i * step, 40));
        }
        return clip;
    }

    private static float motion(float[] f) {
        return f[ColorMotionFeatures.DIMENSION - 1];
    }

    @Test
    void fixedDimensionUnitLengthWhateverTheFrameSize() {
        for (int[] size : new int[][] {{64, 36}, {256, 144}, {3, 2}}) {
            float[] f = features.extract(clip(5, 1, size[0], size[1]));
            assertEquals(ColorMotionFeatures.DIMENSION, f.length);
            double norm = 0;
            for (float v : f) {
                assertTrue(Float.isFinite(v));
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-5);
        }
    }

    @Test
    void motionIsZeroForAStillClipAndGrowsWithSpeed() {
        float still = motion(features.extract(clip(10, 0, 64, 64)));
        float slow = motion(features.extract(clip(10, 1, 64, 64)));
        float fast = motion(features.extract(clip(10, 4, 64, 64)));
        assertEquals(0f, still);
        assertTrue(slow > 0 && fast > slow, slow + " " + fast);
    }

    @Test
    void aClipAndItsCopyHaveTheSameFeaturesAndColourShows() {
        assertArrayEquals(features.extract(clip(6, 2, 32, 32)), features.extract(clip(6, 2, 32, 32)));
        float[] dark = features.extract(List.of(frame(32, 32, 0, 10)));
        float[] bright = features.extract(List.of(frame(32, 32, 0, 200)));
        assertTrue(dark[0] > bright[0], "the darkest histogram bin holds the dark clip");
        float[] black = features.extract(List.of(new RgbFrame(0, 4, 4, new byte[48])));
        assertEquals(1.0, black[0], 1e-3, "a black clip is still a unit vector");
    }

    @Test
    void theRegistryKnowsTheDefault() {
        assertEquals("color-motion-v1", ClipFeatureExtractors.create(ClipFeatureExtractors.DEFAULT).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipFeatureExtractors.create("s3d"));
        assertTrue(e.getMessage().contains("unknown clip feature extractor 's3d'"));
        assertThrows(IllegalArgumentException.class, () -> features.extract(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RgbFrame(0, 2, 2, new byte[5]));
    }
}
