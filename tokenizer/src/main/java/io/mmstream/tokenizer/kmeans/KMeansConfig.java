package io.mmstream.tokenizer.kmeans;

/**
 * How a hierarchical k-means tree is trained.
 *
 * @param levels depth of the tree
 * @param branching clusters per node
 * @param seed seed of every random choice (k-means++ picks, mini-batch draws), so runs repeat
 * @param iterations Lloyd iterations, or mini-batch steps, per node
 * @param batchSize nodes with more points than this train by mini-batch steps of this size
 * @param restarts k-means runs per node from different k-means++ seeds; the one with the lowest
 *     within-cluster sum of squares is kept (k-means only finds a local optimum)
 */
public record KMeansConfig(int levels, int branching, long seed, int iterations, int batchSize, int restarts) {

    public KMeansConfig {
        if (levels < 1 || levels > 8) {
            throw new IllegalArgumentException("levels must be 1..8, got " + levels);
        }
        if (branching < 2 || branching > 64) {
            throw new IllegalArgumentException("branching must be 2..64, got " + branching);
        }
        if (Math.pow(branching, levels) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(branching + "^" + levels + " leaves do not fit an int token");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1");
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be >= 1");
        }
        if (batchSize < branching) {
            throw new IllegalArgumentException("batch size must be at least the branching factor");
        }
    }

    /** VideoBERT's tree: 4 levels of 12 branches, 20,736 visual words. */
    public static KMeansConfig videoBert(long seed) {
        return new KMeansConfig(4, 12, seed, 30, 4096, 3);
    }

    /** Number of leaves, i.e. of visual words. */
    public int leaves() {
        return (int) Math.pow(branching, levels);
    }
}
