package io.mmstream.tokenizer.kmeans;

/** Picks the fastest {@link DistanceKernel} this JVM can run. */
public final class DistanceKernels {

    private static final DistanceKernel BEST = choose();

    private DistanceKernels() {}

    /** The Vector API kernel when {@code jdk.incubator.vector} is available, else the scalar one. */
    public static DistanceKernel best() {
        return BEST;
    }

    private static DistanceKernel choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new ScalarDistance();
        }
        try {
            return (DistanceKernel) Class.forName("io.mmstream.tokenizer.kmeans.VectorDistance")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new ScalarDistance();
        }
    }
}
