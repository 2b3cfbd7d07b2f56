package io.mmstream.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.frames.RgbFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The bundled CenterNet on real photographs Debian ships with scikit-image (python3-skimage): the top
 * detection is the object a person would name, its box overlaps a box drawn by hand from the picture,
 * and its score is the one TensorFlow.js itself computes for the same model and input.
 */
class CenterNetDetectorIT {

    private static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");
    private static CenterNetDetector detector;

    @BeforeAll
    static void load() {
        detector = CenterNetDetector.bundled();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    /**
     * Hand-drawn boxes (pixels, x1 y1 x2 y2) from the pictures viewed with a 50-pixel grid; reference
     * scores from TensorFlow.js 4 (its CPU backend, in Node.js) running the same centernet.json on the
     * same letterboxed input.
     */
    @ParameterizedTest
    @CsvSource({
        "chelsea.png,         cat,        0,   0,   400, 300, 0.5236",
        "astronaut.png,       person,     20,  15,  365, 512, 0.6096",
        "coffee.png,          cup,        172, 15,  410, 300, 0.5775",
        "motorcycle_left.png, motorcycle, 95,  55,  685, 450, 0.7043"})
    void theTopDetectionIsTheObjectAPersonWouldNameWhereTheyWouldDrawIt(String file, String label,
            int x1, int y1, int x2, int y2, float tfjsScore) throws IOException {
        RgbFrame photo = Pictures.read(PHOTOS.resolve(file));
        List<Detection> found = detector.detect(photo);
        assertTrue(!found.isEmpty(), file + ": nothing detected");
        Detection top = found.get(0);
        assertEquals(label, top.label(), file + ": " + top.toJson(photo.width(), photo.height()));
        Detection hand = new Detection(-1, label, 1, (float) x1 / photo.width(), (float) y1 / photo.height(),
                (float) x2 / photo.width(), (float) y2 / photo.height());
        assertTrue(top.iou(hand) >= 0.5, file + ": IoU " + top.iou(hand) + " with the hand-drawn box; "
                + top.toJson(photo.width(), photo.height()));
        assertEquals(tfjsScore, top.score(), 0.005, file + ": score against TensorFlow.js's");
    }

    @Test
    void backboneFeaturesSeparateDifferentPhotographs() throws IOException {
        float[] cat = detector.analyse(Pictures.read(PHOTOS.resolve("chelsea.png")), 1).features();
        float[] catAgain = detector.analyse(Pictures.read(PHOTOS.resolve("chelsea.png")), 1).features();
        float[] bike = detector.analyse(Pictures.read(PHOTOS.resolve("motorcycle_left.png")), 1).features();
        assertEquals(CenterNetDetector.FEATURE_DIMENSION, cat.length);
        assertEquals(1.0, cosine(cat, catAgain), 1e-6);
        assertTrue(cosine(cat, bike) < 0.9, "cat and motorcycle too alike: " + cosine(cat, bike));
    }

    @Test
    void aFileThatIsNoPictureGetsAOneLineReason(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path notAPicture = Files.writeString(dir.resolve("notes.png"), "not a picture");
        IOException e = assertThrows(IOException.class, () -> Pictures.read(notAPicture));
        assertTrue(e.getMessage().startsWith(notAPicture + ": not a picture"), e.getMessage());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
