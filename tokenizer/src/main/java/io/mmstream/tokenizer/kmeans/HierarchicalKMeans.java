package io.mmstream.tokenizer.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the hierarchical k-means tree of VideoBERT's visual words (Sun et al., "VideoBERT: A Joint
 * Model for Video and Language Representation Learning", ICCV 2019, section 3.2: 4 levels of 12
 * clusters, 20,736 words): k-means on all features, then again inside every cluster, level by level.
 *
 * <p>Every node draws its random numbers from a generator seeded by the config's seed and the node's
 * position, so the same seed gives the same codebook. Nodes with fewer points than branches keep
 * their points as centroids (and repeat the last); empty clusters are reseeded.
 */
public final class HierarchicalKMeans {

    private final KMeansConfig config;
    private final DistanceKernel kernel;

    public HierarchicalKMeans(KMeansConfig config, DistanceKernel kernel) {
        this.config = config;
        this.kernel = kernel;
    }

    /** Trains on {@code features} (all of one dimension, finite) from {@code extractor}. */
    public VisualCodebook train(List<float[]> features, String extractor) {
        int k = config.branching();
        if (features.size() < k) {
            throw new IllegalArgumentException("too few features to train: " + features.size() + " for "
                    + k + " branches (need at least " + k + ")");
        }
        int dim = features.get(0).length;
        float[] data = new float[features.size() * dim];
        for (int i = 0; i < features.size(); i++) {
            float[] f = features.get(i);
            if (f.length != dim) {
                throw new IllegalArgumentException("feature " + i + " has " + f.length + " dimensions, feature 0 has " + dim);
            }
            for (float v : f) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("feature " + i + " has a NaN or infinite value");
                }
            }
            System.arraycopy(f, 0, data, i * dim, dim);
        }
        FlatKMeans kmeans = new FlatKMeans(kernel, data, dim);
        float[][] centroids = new float[config.levels()][];
        List<int[]> nodes = new ArrayList<>(List.of(range(features.size())));
        for (int level = 0; level < config.levels(); level++) {
            centroids[level] = new float[nodes.size() * k * dim];
            List<int[]> children = new ArrayList<>(nodes.size() * k);
            for (int n = 0; n < nodes.size(); n++) {
                int[] members = nodes.get(n);
                float[] node = members.length == 0
                        ? parentCopies(centroids, level, n, k, dim)
                        : kmeans.bestOf(config.restarts(), members, k, config.iterations(), config.batchSize(),
                                new SplittableRandom(config.seed() * 1_000_003L + level * 65_537L + n));
                System.arraycopy(node, 0, centroids[level], n * k * dim, k * dim);
                children.addAll(split(kmeans, node, k, members));
            }
            nodes = children;
        }
        return new VisualCodebook(config.levels(), k, dim, extractor, centroids, kernel);
    }

    /** A node without points: its k children all sit on its own centroid. */
    private static float[] parentCopies(float[][] centroids, int level, int n, int k, int dim) {
        float[] copies = new float[k * dim];
        for (int c = 0; c < k; c++) {
            System.arraycopy(centroids[level - 1], n * dim, copies, c * dim, dim);
        }
        return copies;
    }

    private static List<int[]> split(FlatKMeans kmeans, float[] node, int k, int[] members) {
        int[] counts = new int[k];
        int[] assignment = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            assignment[i] = kmeans.nearest(node, k, members[i]);
            counts[assignment[i]]++;
        }
        List<int[]> children = new ArrayList<>(k);
        int[][] lists = new int[k][];
        for (int c = 0; c < k; c++) {
            lists[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int i = 0; i < members.length; i++) {
            int c = assignment[i];
            lists[c][counts[c]++] = members[i];
        }
        for (int c = 0; c < k; c++) {
            children.add(lists[c]);
        }
        return children;
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
