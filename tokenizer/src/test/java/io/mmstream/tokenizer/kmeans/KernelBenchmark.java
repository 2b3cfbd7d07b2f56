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

/** One squared distance between two 1024-d vectors: Vector API against the scalar loop. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelBenchmark {

    @Param({"1024"})
    public int dim;

    private final DistanceKernel scalar = new ScalarDistance();
    private final DistanceKernel vector = new VectorDistance();
    private float[] a;
    private float[] b;

    @Setup
    public void setUp() {
        Random random = new Random(3);
        a = new float[dim];
        b = new float[dim];
        for (int i = 0; i < dim; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
    }

    @Benchmark
    public float scalar() {
        return scalar.squaredDistance(a, 0, b, 0, dim);
    }

    @Benchmark
    public float vector() {
        return vector.squaredDistance(a, 0, b, 0, dim);
    }
}
