package io.mmstream.tokenizer.kmeans;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Assigning a 1024-d feature to one of VideoBERT's 20,736 visual words: greedy descent through the
 * 4 x 12 tree (48 distances) against a flat scan of the same 20,736 leaf centroids.
 * Run by bench/tokenizer-jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AssignmentBenchmark {

    @Param({"vector", "scalar"})
    public String kernel;

    private VisualCodebook codebook;
    private float[] leaves;
    private float[][] features;
    private DistanceKernel distance;
    private int next;

    @Setup
    public void setUp() {
        int levels = 4;
        int k = 12;
        int dim = 1024;
        distance = kernel.equals("vector") ? new VectorDistance() : new ScalarDistance();
        Random random = new Random(1);
        // assignment cost does not depend on where the centroids are, so random ones serve
        float[][] centroids = new float[levels][];
        for (int level = 0; level < levels; level++) {
            centroids[level] = new float[(int) Math.pow(k, level + 1) * dim];
            for (int i = 0; i < centroids[level].length; i++) {
                centroids[level][i] = (float) random.nextGaussian();
            }
        }
        codebook = new VisualCodebook(levels, k, dim, "bench", centroids, distance);
        leaves = centroids[levels - 1];
        features = new float[256][dim];
        for (float[] f : features) {
            for (int i = 0; i < dim; i++) {
                f[i] = (float) random.nextGaussian();
            }
        }
    }

    @Benchmark
    public int hierarchical() {
        return codebook.token(features[next++ & 255]);
    }

    @Benchmark
    public int flatScan() {
        float[] f = features[next++ & 255];
        int dim = f.length;
        int best = 0;
        float bestDistance = Float.POSITIVE_INFINITY;
        for (int leaf = 0, n = leaves.length / dim; leaf < n; leaf++) {
            float d = distance.squaredDistance(f, 0, leaves, leaf * dim, dim);
            if (d < bestDistance) {
                bestDistance = d;
                best = leaf;
            }
        }
        return best;
    }
}
