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

    /** The features computed as their definition reads, pixel by pixel: what the fast sums must equal. */
    private static float[] byDefinition(List<RgbFrame> frames) {
        int grid = 4;
        int histogram = 64;
        int layout = 48;
        int stats = 6;
        double[] f = new double[ColorMotionFeatures.DIMENSION];
        double[] sum = new double[3];
        double[] sumSquares = new double[3];
        long pixels = 0;
        double[] previousGrey = null;
        for (RgbFrame frame : frames) {
            double[] grey = new double[grid * grid];
            int[] cellPixels = new int[grid * grid];
            double[] cells = new double[layout];
            for (int y = 0; y < frame.height(); y++) {
                for (int x = 0; x < frame.width(); x++) {
                    int cell = y * grid / frame.height() * grid + x * grid / frame.width();
                    int p = (y * frame.width() + x) * 3;
                    int r = frame.rgb()[p] & 0xFF;
                    int g = frame.rgb()[p + 1] & 0xFF;
                    int b = frame.rgb()[p + 2] & 0xFF;
                    f[(r * 4 / 256) * 16 + (g * 4 / 256) * 4 + (b * 4 / 256)]++;
                    cells[cell * 3] += r;
                    cells[cell * 3 + 1] += g;
                    cells[cell * 3 + 2] += b;
                    grey[cell] += 0.299 * r + 0.587 * g + 0.114 * b;
                    cellPixels[cell]++;
                    sum[0] += r;
                    sum[1] += g;
                    sum[2] += b;
                    sumSquares[0] += r * r;
                    sumSquares[1] += g * g;
                    sumSquares[2] += b * b;
                }
            }
            pixels += (long) frame.width() * frame.height();
            for (int cell = 0; cell < grid * grid; cell++) {
                int n = Math.max(1, cellPixels[cell]);
                for (int c = 0; c < 3; c++) {
                    f[histogram + cell * 3 + c] += cells[cell * 3 + c] / n / 255.0 / frames.size();
                }
                grey[cell] /= n * 255.0;
            }
            if (previousGrey != null) {
                double total = 0;
                for (int cell = 0; cell < grid * grid; cell++) {
                    double change = Math.abs(grey[cell] - previousGrey[cell]);
                    f[histogram + layout + stats + cell] += change / (frames.size() - 1);
                    total += change;
                }
                f[ColorMotionFeatures.DIMENSION - 1] += total / (grid * grid) / (frames.size() - 1);
            }
            previousGrey = grey;
        }
        for (int i = 0; i < histogram; i++) {
            f[i] /= pixels;
        }
        for (int c = 0; c < 3; c++) {
            double mean = sum[c] / pixels;
            f[histogram + layout + c] = mean / 255.0;
            f[histogram + layout + 3 + c] = Math.sqrt(Math.max(0, sumSquares[c] / pixels - mean * mean)) / 255.0;
        }
        double norm = 0;
        for (double v : f) {
            norm += v * v;
        }
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (float) (f[i] / Math.sqrt(norm));
        }
        return out;
    }

    @Test
    void theFastSumsGiveTheFeaturesByTheirDefinition() {
        java.util.Random random = new java.util.Random(7);
        for (int[] size : new int[][] {{128, 72}, {37, 23}, {3, 2}, {256, 144}}) {
            List<RgbFrame> clip = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] rgb = new byte[size[0] * size[1] * 3];
                random.nextBytes(rgb);
                clip.add(new RgbFrame(i, size[0], size[1], rgb));
            }
            clip.add(frame(size[0], size[1], size[0] / 3, 40));
            assertArrayEquals(byDefinition(clip), features.extract(clip), 1e-6f, size[0] + "x" + size[1]);
        }
    }
}
