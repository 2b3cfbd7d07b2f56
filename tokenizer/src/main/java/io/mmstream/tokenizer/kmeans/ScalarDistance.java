package io.mmstream.tokenizer.kmeans;

/** The plain-loop reference implementation of {@link DistanceKernel}. */
public final class ScalarDistance implements DistanceKernel {

    @Override
    public float squaredDistance(float[] a, int aOff, float[] b, int bOff, int dim) {
        float sum = 0;
        for (int i = 0; i < dim; i++) {
            float d = a[aOff + i] - b[bOff + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
