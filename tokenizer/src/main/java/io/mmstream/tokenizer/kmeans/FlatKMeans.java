package io.mmstream.tokenizer.kmeans;

import java.util.SplittableRandom;

/**
 * One level of k-means over a subset of points: k-means++ seeding, then Lloyd iterations, or
 * mini-batch steps (Sculley, "Web-scale k-means clustering", WWW 2010) when the subset is large.
 * Empty clusters are reseeded with the point farthest from its centroid.
 */
final class FlatKMeans {

    private final DistanceKernel kernel;
    private final float[] data;
    private final int dim;

    FlatKMeans(DistanceKernel kernel, float[] data, int dim) {
        this.kernel = kernel;
        this.data = data;
        this.dim = dim;
    }

    /** The best of {@code restarts} runs of {@link #fit}, by within-cluster sum of squares. */
    float[] bestOf(int restarts, int[] members, int k, int iterations, int batchSize, SplittableRandom random) {
        float[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            float[] centroids = fit(members, k, iterations, batchSize, random);
            if (members.length <= k) {
                return centroids;
            }
            double cost = cost(centroids, k, members, batchSize, random);
            if (cost < bestCost) {
                bestCost = cost;
                best = centroids;
            }
        }
        return best;
    }

    /** Sum of squared distances to the nearest centroid, over all members or a sample of batchSize. */
    private double cost(float[] centroids, int k, int[] members, int batchSize, SplittableRandom random) {
        int n = Math.min(members.length, batchSize);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int p = members.length <= batchSize ? members[i] : members[random.nextInt(members.length)];
            sum += kernel.squaredDistance(data, p * dim, centroids, nearest(centroids, k, p) * dim, dim);
        }
        return sum;
    }

    /** {@code k} centroids ({@code k * dim} floats) for the points {@code members}. */
    float[] fit(int[] members, int k, int iterations, int batchSize, SplittableRandom random) {
        float[] centroids = new float[k * dim];
        if (members.length <= k) {
            // fewer points than branches: each point is a centroid, the rest repeat the last one
            for (int c = 0; c < k; c++) {
                int p = members[Math.min(c, members.length - 1)];
                System.arraycopy(data, p * dim, centroids, c * dim, dim);
            }
            return centroids;
        }
        seedPlusPlus(members, k, centroids, random);
        if (members.length <= batchSize) {
            lloyd(members, k, centroids, iterations);
        } else {
            miniBatch(members, k, centroids, iterations, batchSize, random);
        }
        return centroids;
    }

    /** Index of the centroid nearest to point {@code p}; the first one on ties. */
    int nearest(float[] centroids, int k, int p) {
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float d = kernel.squaredDistance(data, p * dim, centroids, c * dim, dim);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private void seedPlusPlus(int[] members, int k, float[] centroids, SplittableRandom random) {
        int first = members[random.nextInt(members.length)];
        System.arraycopy(data, first * dim, centroids, 0, dim);
        double[] closest = new double[members.length];
        for (int i = 0; i < members.length; i++) {
            closest[i] = kernel.squaredDistance(data, members[i] * dim, centroids, 0, dim);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : closest) {
                total += d;
            }
            int chosen;
            if (total <= 0) {
                chosen = members[random.nextInt(members.length)]; // all points coincide
            } else {
                double target = random.nextDouble() * total;
                int i = 0;
                while (i < members.length - 1 && (target -= closest[i]) > 0) {
                    i++;
                }
                chosen = members[i];
            }
            System.arraycopy(data, chosen * dim, centroids, c * dim, dim);
            for (int i = 0; i < members.length; i++) {
                closest[i] = Math.min(closest[i], kernel.squaredDistance(data, members[i] * dim, centroids, c * dim, dim));
            }
        }
    }

    private void lloyd(int[] members, int k, float[] centroids, int iterations) {
        int[] assignment = new int[members.length];
        java.util.Arrays.fill(assignment, -1);
        for (int iter = 0; iter < iterations; iter++) {
            boolean changed = false;
            for (int i = 0; i < members.length; i++) {
                int c = nearest(centroids, k, members[i]);
                changed |= c != assignment[i];
                assignment[i] = c;
            }
            if (!changed && iter > 0) {
                return;
            }
            double[] sums = new double[k * dim];
            int[] counts = new int[k];
            for (int i = 0; i < members.length; i++) {
                int c = assignment[i];
                counts[c]++;
                int p = members[i] * dim;
                for (int j = 0; j < dim; j++) {
                    sums[c * dim + j] += data[p + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    reseed(members, assignment, centroids, k, c);
                    continue;
                }
                for (int j = 0; j < dim; j++) {
                    centroids[c * dim + j] = (float) (sums[c * dim + j] / counts[c]);
                }
            }
        }
    }

    /** Moves empty cluster {@code c} onto the member farthest from its own centroid. */
    private void reseed(int[] members, int[] assignment, float[] centroids, int k, int c) {
        int farthest = 0;
        float farthestDistance = -1;
        for (int i = 0; i < members.length; i++) {
            float d = kernel.squaredDistance(data, members[i] * dim, centroids, assignment[i] * dim, dim);
            if (d > farthestDistance) {
                farthestDistance = d;
                farthest = i;
            }
        }
        System.arraycopy(data, members[farthest] * dim, centroids, c * dim, dim);
        assignment[farthest] = c;
    }

    private void miniBatch(int[] members, int k, float[] centroids, int iterations, int batchSize,
            SplittableRandom random) {
        long[] counts = new long[k];
        int[] batch = new int[batchSize];
        int[] nearest = new int[batchSize];
        for (int iter = 0; iter < iterations; iter++) {
            for (int b = 0; b < batchSize; b++) {
                batch[b] = members[random.nextInt(members.length)];
                nearest[b] = nearest(centroids, k, batch[b]);
            }
            for (int b = 0; b < batchSize; b++) {
                int c = nearest[b];
                counts[c]++;
                float rate = 1f / counts[c];
                int p = batch[b] * dim;
                for (int j = 0; j < dim; j++) {
                    centroids[c * dim + j] += rate * (data[p + j] - centroids[c * dim + j]);
                }
            }
        }
    }
}
