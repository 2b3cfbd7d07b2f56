package io.mmstream.models.imagetext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Region features standardised per dimension (zero mean, unit spread over the training regions), as
 * detector features are before a VL-BERT-style model reads them: weight-free features such as
 * colour-and-layout vectors share a large common part (the background) that would otherwise drown what
 * tells pictures apart. Saved beside the model ({@code feature-scaling.tsv}).
 *
 * @param mean per dimension
 * @param spread per dimension (standard deviation, at least 1e-3)
 */
public record FeatureScaling(float[] mean, float[] spread) {

    private static final String FILE = "feature-scaling.tsv";

    /** Fits the scaling on {@code features} (at least one). */
    public static FeatureScaling fit(List<float[]> features) {
        int d = features.get(0).length;
        double[] sum = new double[d];
        double[] squares = new double[d];
        for (float[] f : features) {
            for (int i = 0; i < d; i++) {
                sum[i] += f[i];
                squares[i] += (double) f[i] * f[i];
            }
        }
        float[] mean = new float[d];
        float[] spread = new float[d];
        int n = features.size();
        for (int i = 0; i < d; i++) {
            mean[i] = (float) (sum[i] / n);
            spread[i] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, squares[i] / n - mean[i] * (double) mean[i])));
        }
        return new FeatureScaling(mean, spread);
    }

    /** Standardised values are clamped to this many spreads: a colour bin almost no training region has would otherwise reach hundreds. */
    public static final float LIMIT = 5f;

    /** {@code feature} standardised and clamped to +-{@link #LIMIT} (a new array). */
    public float[] apply(float[] feature) {
        float[] out = new float[feature.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-LIMIT, Math.min(LIMIT, (feature[i] - mean[i]) / spread[i]));
        }
        return out;
    }

    public void save(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("mean\tspread");
        for (int i = 0; i < mean.length; i++) {
            lines.add(String.format(Locale.ROOT, "%.9g\t%.9g", mean[i], spread[i]));
        }
        Files.write(folder.resolve(FILE), lines);
    }

    public static FeatureScaling load(Path folder) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve(FILE));
        float[] mean = new float[lines.size() - 1];
        float[] spread = new float[lines.size() - 1];
        try {
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t");
                mean[i - 1] = Float.parseFloat(f[0]);
                spread[i - 1] = Float.parseFloat(f[1]);
            }
        } catch (RuntimeException e) {
            throw new IOException(folder.resolve(FILE) + ": not a feature scaling: " + e.getMessage(), e);
        }
        return new FeatureScaling(mean, spread);
    }
}
