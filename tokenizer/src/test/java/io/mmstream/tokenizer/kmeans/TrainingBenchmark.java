package io.mmstream.tokenizer.kmeans;

import java.util.ArrayList;
import java.util.List;
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

/** Training VideoBERT's 4 x 12 tree on 100,000 features (one shot per measurement). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainingBenchmark {

    @Param({"100000"})
    public int features;

    @Param({"1024"})
    public int dim;

    private List<float[]> data;

    @Setup
    public void setUp() {
        // 200 planted Gaussian clusters, so the tree has real structure to find
        Random random = new Random(5);
        float[][] centres = new float[200][dim];
        for (float[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = (float) random.nextGaussian() * 3;
            }
        }
        data = new ArrayList<>(features);
        for (int n = 0; n < features; n++) {
            float[] c = centres[n % centres.length];
            float[] f = new float[dim];
            for (int i = 0; i < dim; i++) {
                f[i] = c[i] + (float) random.nextGaussian();
            }
            data.add(f);
        }
    }

    @Benchmark
    public VisualCodebook train() {
        return new HierarchicalKMeans(KMeansConfig.videoBert(42), DistanceKernels.best()).train(data, "bench");
    }
}
