package io.mmstream.tokenizer.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A codebook file written by format 1 must keep loading and giving the same words. The golden file
 * is made once by {@link #main}; it is never rewritten for an existing format.
 */
class GoldenCodebookTest {

    /** The codebook of the golden file: 2 levels x 3 branches over planted 4-d clusters, seed 7. */
    static VisualCodebook golden() {
        PlantedClusters data = new PlantedClusters(3, 3, 10, 4, 11);
        return new HierarchicalKMeans(new KMeansConfig(2, 3, 7, 20, 4096, 2), new ScalarDistance()).train(data.points, "golden-v1");
    }

    @Test
    void theFormat1GoldenFileStillLoadsAndTokenizesAlike() throws IOException {
        VisualCodebook loaded;
        try (InputStream in = getClass().getResourceAsStream("/golden/codebook-format1.mmcb")) {
            assertNotNull(in, "golden codebook missing (run GoldenCodebookTest.main once)");
            loaded = VisualCodebook.read(in, new ScalarDistance());
        }
        assertEquals(2, loaded.levels());
        assertEquals(3, loaded.branching());
        assertEquals(4, loaded.dimension());
        assertEquals("golden-v1", loaded.extractor());
        assertTrue(loaded.sameAs(golden()), "training is still deterministic for this seed");
        PlantedClusters data = new PlantedClusters(3, 3, 10, 4, 11);
        for (float[] p : data.points) {
            assertArrayEquals(golden().path(p), loaded.path(p));
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        loaded.write(again);
        try (InputStream in = getClass().getResourceAsStream("/golden/codebook-format1.mmcb")) {
            assertArrayEquals(in.readAllBytes(), again.toByteArray(), "this version writes format 1 byte for byte");
        }
    }

    /** Writes the golden file into {@code args[0]} if it does not exist. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]).resolve("codebook-format1.mmcb");
        if (!Files.exists(file)) {
            try (var out = Files.newOutputStream(file)) {
                golden().write(out);
            }
            System.out.println("wrote " + file);
        }
    }
}
