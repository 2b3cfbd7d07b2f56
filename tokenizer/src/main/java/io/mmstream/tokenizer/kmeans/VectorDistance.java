package io.mmstream.tokenizer.kmeans;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DistanceKernel} on the JDK's Vector API (SIMD lanes of the preferred width), with a scalar
 * tail. Needs {@code --add-modules jdk.incubator.vector}; {@link DistanceKernels#best()} falls back to
 * {@link ScalarDistance} without it.
 */
public final class VectorDistance implements DistanceKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public float squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        int upper = SPECIES.loopBound(dim);
        for (; i < upper; i += SPECIES.length()) {
            FloatVector d = FloatVector.fromArray(SPECIES, a, aOff + i).sub(FloatVector.fromArray(SPECIES, b, bOff + i));
            acc = d.fma(d, acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < dim; i++) {
            float d = a[aOff + i] - b[bOff + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.length() + "x32";
    }
}
