package io.mmstream.models.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.RgbFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real TorchScript network (fixtures/clip-encoder-tiny.pt, made by scripts/make-torchscript-fixture.py
 * with Debian's PyTorch) run by DJL's PyTorch engine as a clip feature extractor.
 */
class TorchScriptClipFeaturesIT {

    private static Path fixture() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("fixtures"))) {
            dir = dir.getParent();
        }
        return dir.resolve("fixtures/clip-encoder-tiny.pt");
    }

    /** A clip of a bright square moving {@code step} pixels a frame over a grey background. */
    private static List<RgbFrame> clip(int step) {
        List<RgbFrame> frames = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            byte[] rgb = new byte[48 * 27 * 3];
            for (int y = 0; y < 27; y++) {
                for (int x = 0; x < 48; x++) {
                    boolean square = x >= f * step && x < f * step + 10 && y >= 8 && y < 18;
                    int p = (y * 48 + x) * 3;
                    rgb[p] = (byte) (square ? 250 : 60);
                    rgb[p + 1] = (byte) (square ? 200 : 60);
                    rgb[p + 2] = (byte) (square ? 30 : 60);
                }
            }
            frames.add(new RgbFrame(f * 50_000L, 48, 27, rgb));
        }
        return frames;
    }

    @Test
    void aTorchScriptModelGivesUnitFeaturesThatSeeMotion() {
        ClipFeatureExtractor extractor = ClipFeatureExtractors.create("torchscript:" + fixture() + "@32");
        assertEquals("torchscript:clip-encoder-tiny.pt", extractor.name());
        assertEquals(24, extractor.dimension());
        float[] still = extractor.extract(clip(0));
        float[] moving = extractor.extract(clip(4));
        double norm = 0;
        for (float v : still) {
            assertTrue(Float.isFinite(v));
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-4);
        assertArrayEquals(still, extractor.extract(clip(0)), 1e-6f, "deterministic");
        assertNotEquals(still[20], moving[20], "the motion part differs between a still and a moving clip");
        ((TorchScriptClipFeatures) extractor).close();
    }

    @Test
    void aMissingModelIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClipFeatureExtractors.create("torchscript:/no/such/model.pt"));
        assertEquals("no TorchScript model at /no/such/model.pt", e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ClipFeatureExtractors.create("s3d"));
        assertTrue(unknown.getMessage().contains("torchscript:<argument>"), unknown.getMessage());
    }
}
