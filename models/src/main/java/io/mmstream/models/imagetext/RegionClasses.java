package io.mmstream.models.imagetext;

import io.mmstream.tokenizer.kmeans.DistanceKernels;
import io.mmstream.tokenizer.kmeans.HierarchicalKMeans;
import io.mmstream.tokenizer.kmeans.KMeansConfig;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Region classes without a detector: a hierarchical k-means codebook trained on region features (the
 * visual tokenizer's, on regions instead of clips). A region's class is its leaf, the target of masked
 * region classification and Oscar's tag; its soft class distribution, {@code softmax(-d^2 / T)} over
 * the leaves with T the training regions' mean squared distance to their leaf, is UNITER's KL target.
 */
public final class RegionClasses {

    private static final String CODEBOOK = "region-classes.codebook";
    private static final String PROPERTIES = "region-classes.properties";

    private final VisualCodebook codebook;
    private final float[][] leaves;
    private final double temperature;

    private RegionClasses(VisualCodebook codebook, double temperature) {
        this.codebook = codebook;
        this.leaves = codebook.leafCentroids();
        this.temperature = temperature;
    }

    /** Trains {@code levels x branching} classes on {@code features} (at least {@code branching} of them). */
    public static RegionClasses train(List<float[]> features, int levels, int branching, long seed, String extractor) {
        VisualCodebook codebook = new HierarchicalKMeans(new KMeansConfig(levels, branching, seed, 20, 4096, 2), DistanceKernels.best())
                .train(features, extractor);
        RegionClasses unscaled = new RegionClasses(codebook, 1);
        double sum = 0;
        for (float[] f : features) {
            sum += unscaled.squaredDistance(f, unscaled.classOf(f));
        }
        return new RegionClasses(codebook, Math.max(1e-4, sum / features.size()));
    }

    /** Classes in all. */
    public int size() {
        return codebook.size();
    }

    /** The class (leaf) of a region's features. */
    public int classOf(float[] feature) {
        return codebook.token(feature);
    }

    /** The soft distribution over classes of a region's features; sums to 1. */
    public float[] distribution(float[] feature) {
        double[] logits = new double[leaves.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < leaves.length; c++) {
            logits[c] = -squaredDistance(feature, c) / temperature;
            max = Math.max(max, logits[c]);
        }
        double sum = 0;
        for (int c = 0; c < leaves.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        float[] p = new float[leaves.length];
        for (int c = 0; c < leaves.length; c++) {
            p[c] = (float) (logits[c] / sum);
        }
        return p;
    }

    private double squaredDistance(float[] feature, int leaf) {
        double d = 0;
        for (int i = 0; i < feature.length; i++) {
            double x = feature[i] - leaves[leaf][i];
            d += x * x;
        }
        return d;
    }

    /** Writes the classes into {@code folder} (beside a model). */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (OutputStream out = Files.newOutputStream(folder.resolve(CODEBOOK))) {
            codebook.write(out);
        }
        Properties p = new Properties();
        p.setProperty("temperature", String.format(Locale.ROOT, "%.9g", temperature));
        try (OutputStream out = Files.newOutputStream(folder.resolve(PROPERTIES))) {
            p.store(out, "region classes: a hierarchical k-means codebook over region features");
        }
    }

    /** Reads the classes saved in {@code folder}. */
    public static RegionClasses load(Path folder) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(folder.resolve(PROPERTIES))) {
            p.load(in);
        }
        try (InputStream in = Files.newInputStream(folder.resolve(CODEBOOK))) {
            return new RegionClasses(VisualCodebook.read(in, DistanceKernels.best()), Double.parseDouble(p.getProperty("temperature")));
        } catch (RuntimeException e) {
            throw new IOException(folder.resolve(CODEBOOK) + ": not a region codebook: " + e.getMessage(), e);
        }
    }

    /** The extractor whose features the classes were trained on. */
    public String extractor() {
        return codebook.extractor();
    }
}
