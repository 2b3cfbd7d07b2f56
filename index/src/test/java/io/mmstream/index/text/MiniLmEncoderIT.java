package io.mmstream.index.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretrained sentence encoder: unit vectors, and sentences that mean the same closer than ones that do not. */
class MiniLmEncoderIT {

    @TempDir
    Path cache;

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        try (MiniLmEncoder encoder = MiniLmEncoder.load(cache)) {
            List<float[]> v = encoder.encode(List.of(
                    "a man is playing a guitar",
                    "someone plays an instrument",
                    "the stock market fell sharply today",
                    "he was not an ill disposed young man",
                    "he was a kind young fellow"));
            for (float[] x : v) {
                assertEquals(MiniLmEncoder.DIMENSION, x.length);
                assertEquals(1.0, dot(x, x), 1e-4, "unit length");
            }
            assertTrue(dot(v.get(0), v.get(1)) > dot(v.get(0), v.get(2)) + 0.2,
                    "guitar: " + dot(v.get(0), v.get(1)) + " vs stocks: " + dot(v.get(0), v.get(2)));
            assertTrue(dot(v.get(3), v.get(4)) > dot(v.get(3), v.get(2)) + 0.2,
                    "kind fellow: " + dot(v.get(3), v.get(4)) + " vs stocks: " + dot(v.get(3), v.get(2)));
            float[] again = encoder.encode("a man is playing a guitar");
            assertEquals(1.0, dot(again, v.get(0)), 1e-6, "the same text, the same vector");
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
