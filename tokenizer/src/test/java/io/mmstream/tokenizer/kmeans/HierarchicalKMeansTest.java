package io.mmstream.tokenizer.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchicalKMeansTest {

    private static VisualCodebook train(PlantedClusters data, KMeansConfig config) {
        return new HierarchicalKMeans(config, DistanceKernels.best()).train(data.points, "test-v1");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "data seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void plantedClustersAreRecovered(long dataSeed) {
        PlantedClusters data = new PlantedClusters(4, 4, 50, 16, dataSeed);
        VisualCodebook codebook = train(data, new KMeansConfig(2, 4, 7, 30, 4096, 3));
        assertTrue(data.purity(codebook) >= 0.95, "purity " + data.purity(codebook));
    }

    @Test
    void miniBatchTrainingRecoversThemToo() {
        PlantedClusters data = new PlantedClusters(4, 4, 100, 16, 2);
        VisualCodebook codebook = train(data, new KMeansConfig(2, 4, 7, 40, 64, 3));
        assertTrue(data.purity(codebook) >= 0.95, "purity " + data.purity(codebook));
    }

    @Test
    void sameSeedSameCodebook() {
        PlantedClusters data = new PlantedClusters(3, 3, 40, 8, 3);
        KMeansConfig config = new KMeansConfig(2, 3, 11, 20, 50, 3);
        assertTrue(train(data, config).sameAs(train(data, config)));
    }

    @Test
    void aClipAndItsCopyGetTheSameToken() {
        PlantedClusters data = new PlantedClusters(3, 3, 40, 8, 4);
        VisualCodebook codebook = train(data, new KMeansConfig(3, 3, 5, 20, 4096, 3));
        for (float[] p : data.points.subList(0, 50)) {
            float[] copy = Arrays.copyOf(p, p.length);
            assertEquals(codebook.token(p), codebook.token(copy));
            int token = codebook.token(p);
            assertTrue(token >= 0 && token < codebook.size());
            assertEquals(token, VisualCodebook.tokenOf(codebook.path(p), 3));
        }
    }

    @Test
    void nodesWithFewerPointsThanBranchesStillWork() {
        List<float[]> few = List.of(new float[] {0, 0}, new float[] {10, 0}, new float[] {0, 10},
                new float[] {10, 10}, new float[] {5, 5});
        VisualCodebook codebook = new HierarchicalKMeans(new KMeansConfig(3, 4, 1, 10, 16, 3), new ScalarDistance())
                .train(few, "test-v1");
        assertEquals(64, codebook.size());
        long distinct = few.stream().mapToInt(codebook::token).distinct().count();
        assertEquals(5, distinct, "every distinct point keeps a word of its own");
    }

    @Test
    void persistenceRoundTrips() throws IOException {
        PlantedClusters data = new PlantedClusters(2, 3, 30, 6, 5);
        VisualCodebook codebook = train(data, new KMeansConfig(2, 3, 9, 20, 4096, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codebook.write(out);
        VisualCodebook back = VisualCodebook.read(new ByteArrayInputStream(out.toByteArray()), new ScalarDistance());
        assertTrue(codebook.sameAs(back));
        assertEquals("test-v1", back.extractor());
        for (float[] p : data.points) {
            assertEquals(codebook.token(p), back.token(p));
        }
        byte[] bytes = out.toByteArray();
        IOException truncated = assertThrows(IOException.class,
                () -> VisualCodebook.read(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - 3)), new ScalarDistance()));
        assertEquals("truncated codebook", truncated.getMessage());
        IOException foreign = assertThrows(IOException.class,
                () -> VisualCodebook.read(new ByteArrayInputStream("PK\u0003\u0004 not a codebook".getBytes()), new ScalarDistance()));
        assertTrue(foreign.getMessage().startsWith("not an mmstream codebook"));
    }

    @Test
    void badTrainingDataIsRefusedClearly() {
        HierarchicalKMeans kmeans = new HierarchicalKMeans(new KMeansConfig(2, 4, 1, 10, 16, 3), new ScalarDistance());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> kmeans.train(List.of(new float[] {1}, new float[] {2}), "x"));
        assertTrue(few.getMessage().startsWith("too few features to train: 2 for 4 branches"));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> kmeans.train(List.of(new float[] {1}, new float[] {2}, new float[] {Float.NaN}, new float[] {3}), "x"));
        assertTrue(nan.getMessage().contains("NaN or infinite"));
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> kmeans.train(List.of(new float[] {1}, new float[] {2}, new float[] {2, 3}, new float[] {3}), "x"));
        assertTrue(dims.getMessage().contains("has 2 dimensions, feature 0 has 1"));
    }

    @Test
    void wrongFeaturesAreRefusedAtAssignment() {
        PlantedClusters data = new PlantedClusters(2, 2, 20, 4, 6);
        VisualCodebook codebook = train(data, new KMeansConfig(2, 2, 1, 10, 4096, 3));
        assertThrows(IllegalArgumentException.class, () -> codebook.token(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> codebook.token(new float[] {0, Float.POSITIVE_INFINITY, 0, 0}));
        assertTrue(codebook.sameAs(codebook));
        assertFalse(codebook.sameAs(train(new PlantedClusters(2, 2, 20, 4, 99), new KMeansConfig(2, 2, 1, 10, 4096, 3))),
                "sameAs compares content: other data, other centroids");
    }
}
