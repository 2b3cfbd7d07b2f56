package io.mmstream.models.imagetext;

/**
 * The inexact proximal point method for optimal transport (Xie et al., "A Fast Proximal Point Method
 * for Computing Exact Wasserstein Distance", UAI 2019), as UNITER uses it for word-region alignment:
 * uniform marginals over the real words and the real regions, {@code beta} the proximal step, one
 * inner Sinkhorn iteration per outer step. The plan is computed without gradients; the distance is
 * the cost weighted by it.
 */
public final class OptimalTransport {

    /** UNITER's settings: 50 iterations, beta 0.5. */
    public static final int ITERATIONS = 50;
    public static final double BETA = 0.5;

    private OptimalTransport() {}

    /**
     * The transport plan between {@code n} words and {@code m} regions.
     *
     * @param cost (n, m) costs, 1 - cosine similarity
     * @param words which rows are real words (the others get no mass)
     * @param regions which columns are real regions
     * @return (n, m): rows of real words sum to 1/words, columns of real regions to 1/regions
     */
    public static double[][] plan(double[][] cost, boolean[] words, boolean[] regions, int iterations, double beta) {
        int n = cost.length;
        int m = cost[0].length;
        int nw = count(words);
        int nr = count(regions);
        double[][] t = new double[n][m];
        if (nw == 0 || nr == 0) {
            return t;
        }
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                boolean real = words[i] && regions[j];
                a[i][j] = real ? Math.exp(-cost[i][j] / beta) : 0;
                t[i][j] = real ? 1 : 0;
            }
        }
        double[] sigma = new double[m];
        for (int j = 0; j < m; j++) {
            sigma[j] = regions[j] ? 1.0 / nr : 0;
        }
        double[] delta = new double[n];
        double[][] q = new double[n][m];
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    q[i][j] = a[i][j] * t[i][j];
                }
            }
            // delta = 1 / (n_w * Q sigma), sigma = 1 / (n_r * Q^T delta), over the real rows and columns
            for (int i = 0; i < n; i++) {
                if (!words[i]) {
                    delta[i] = 0;
                    continue;
                }
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += q[i][j] * sigma[j];
                }
                delta[i] = 1 / (nw * Math.max(s, 1e-300));
            }
            for (int j = 0; j < m; j++) {
                if (!regions[j]) {
                    sigma[j] = 0;
                    continue;
                }
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += q[i][j] * delta[i];
                }
                sigma[j] = 1 / (nr * Math.max(s, 1e-300));
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    t[i][j] = delta[i] * q[i][j] * sigma[j];
                }
            }
        }
        return t;
    }

    /** The plan with UNITER's settings. */
    public static double[][] plan(double[][] cost, boolean[] words, boolean[] regions) {
        return plan(cost, words, regions, ITERATIONS, BETA);
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            c += f ? 1 : 0;
        }
        return c;
    }
}
