package io.mmstream.tokenizer.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API kernel against the scalar reference, within float rounding. */
class DistanceKernelTest {

    @Test
    void vectorMatchesScalarAtEveryLengthAndOffset() {
        Random random = new Random(42);
        DistanceKernel scalar = new ScalarDistance();
        DistanceKernel vector = new VectorDistance();
        for (int dim = 1; dim <= 300; dim += 7) {
            float[] a = new float[dim + 5];
            float[] b = new float[dim + 9];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            float want = scalar.squaredDistance(a, 3, b, 8, dim);
            float got = vector.squaredDistance(a, 3, b, 8, dim);
            assertEquals(want, got, 1e-4 * Math.max(1, want), "dim " + dim);
        }
    }

    @Test
    void theBestKernelIsChosenAtRunTime() {
        // the tests run with --add-modules jdk.incubator.vector, so the vector kernel is chosen
        assertTrue(DistanceKernels.best().name().startsWith("vector-"), DistanceKernels.best().name());
    }
}
