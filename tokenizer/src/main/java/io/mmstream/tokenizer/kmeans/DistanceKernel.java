package io.mmstream.tokenizer.kmeans;

/** Squared Euclidean distance between two vectors stored in flat arrays: the hot loop of k-means. */
public interface DistanceKernel {

    /** {@code sum((a[aOff+i] - b[bOff+i])^2)} for {@code i < dim}. */
    float squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim);

    /** A short name for logs and benchmarks. */
    String name();
}
