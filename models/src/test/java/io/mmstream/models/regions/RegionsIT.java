package io.mmstream.models.regions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.detect.CenterNetDetector;
import io.mmstream.models.detect.Detection;
import io.mmstream.models.detect.Pictures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grid and detector regions on Debian's photographs: geometry, pooled features and tags. */
class RegionsIT {

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

    @Test
    void theGridsCellsPartitionThePictureAndTheirFeaturesAverageToTheWhole() throws Exception {
        RgbFrame astronaut = Pictures.read(PHOTOS.resolve("astronaut.png")); // square: no letterbox bands
        List<Region> regions = new GridRegions(detector, 2, 2).regions(astronaut);
        assertEquals(5, regions.size());
        assertArrayEquals(new float[] {0, 0, 1, 1, 1}, regions.get(0).geometry(), 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0, 1, 0.5f, 0.25f}, regions.get(2).geometry(), 1e-6f);
        float[] whole = detector.analyse(astronaut, 1).features();
        assertArrayEquals(whole, regions.get(0).features(), 1e-5f);
        float[] mean = new float[whole.length];
        for (Region cell : regions.subList(1, 5)) {
            assertEquals(Region.UNTAGGED, cell.tag());
            for (int k = 0; k < mean.length; k++) {
                mean[k] += cell.features()[k] / 4;
            }
        }
        assertArrayEquals(whole, mean, 1e-4f);
        assertTrue(distance(regions.get(1).features(), regions.get(4).features()) > 0.1,
                "the hair and the helmet should not look alike");
    }

    @Test
    void detectorRegionsCarryTheBoxTheClassAndFeaturesOfTheBoxOnly() throws Exception {
        RgbFrame bike = Pictures.read(PHOTOS.resolve("motorcycle_left.png"));
        List<Detection> found = detector.analyse(bike, 0.2f).detections();
        List<Region> regions = new DetectorRegions(detector, 3, 0.2f).regions(bike);
        assertEquals(1 + Math.min(3, found.size()), regions.size());
        Region motorcycle = regions.get(1);
        assertEquals("motorcycle", motorcycle.label());
        assertEquals(3, motorcycle.tag());
        assertArrayEquals(found.get(0).geometry(), motorcycle.geometry(), 1e-6f);
        float[] g = motorcycle.geometry();
        assertEquals((g[2] - g[0]) * (g[3] - g[1]), g[4], 1e-6);
        // a small box far from the motorcycle pools other cells than the motorcycle's box
        Region small = regions.stream().filter(r -> r.geometry()[4] < 0.02).findFirst().orElseThrow();
        assertTrue(distance(small.features(), motorcycle.features()) > 0.1);
    }

    private static double distance(float[] a, float[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += a[i] * a[i];
        }
        return Math.sqrt(d / n);
    }
}
