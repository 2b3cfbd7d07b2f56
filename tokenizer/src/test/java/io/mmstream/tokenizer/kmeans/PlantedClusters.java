package io.mmstream.tokenizer.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded Gaussian mixtures with a planted two-level structure, for the k-means tests. */
final class PlantedClusters {

    final List<float[]> points = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();

    /**
     * {@code outer x inner} clusters of {@code perCluster} points in {@code dim} dimensions: outer
     * centres 100 apart, inner centres 10 apart around them, unit noise.
     */
    PlantedClusters(int outer, int inner, int perCluster, int dim, long seed) {
        Random random = new Random(seed);
        for (int o = 0; o < outer; o++) {
            float[] outerCentre = randomDirection(random, dim, 100);
            for (int i = 0; i < inner; i++) {
                float[] innerCentre = randomDirection(random, dim, 10);
                for (int p = 0; p < perCluster; p++) {
                    float[] point = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        point[d] = outerCentre[d] + innerCentre[d] + (float) random.nextGaussian();
                    }
                    points.add(point);
                    labels.add(o * inner + i);
                }
            }
        }
    }

    private static float[] randomDirection(Random random, int dim, double length) {
        float[] v = new float[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            v[d] = (float) random.nextGaussian();
            norm += v[d] * v[d];
        }
        for (int d = 0; d < dim; d++) {
            v[d] *= (float) (length / Math.sqrt(norm));
        }
        return v;
    }

    /** Share of points whose token's majority label is their own label. */
    double purity(VisualCodebook codebook) {
        java.util.Map<Integer, java.util.Map<Integer, Integer>> byToken = new java.util.HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            byToken.computeIfAbsent(codebook.token(points.get(i)), t -> new java.util.HashMap<>())
                    .merge(labels.get(i), 1, Integer::sum);
        }
        int majority = 0;
        for (var counts : byToken.values()) {
            majority += counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return (double) majority / points.size();
    }
}
