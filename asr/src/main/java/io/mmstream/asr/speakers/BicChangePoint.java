package io.mmstream.asr.speakers;

/**
 * The Bayesian information criterion test for one change point in a window of feature vectors
 * (Chen and Gopalakrishnan 1998, "Speaker, environment and channel change detection and clustering
 * via the Bayesian information criterion").
 *
 * <p>Modelling the window's N frames by one Gaussian or frames [0, i) and [i, N) by two, the gain of
 * two models is delta BIC(i) = N/2 log|S| - i/2 log|S1| - (N - i)/2 log|S2| - lambda P, where the S are the
 * maximum-likelihood covariances and P = 1/2 (extra parameters) log N. A change lies at the i that
 * maximises it when that maximum is positive. Sums and sums of products are accumulated once, so each
 * candidate costs one covariance and one log-determinant.
 */
public final class BicChangePoint {

    /** Which Gaussians model the segments: full covariance (Chen and Gopalakrishnan) or diagonal. */
    public enum Covariance { FULL, DIAGONAL }

    /** The best split of a window: where and by how much two models beat one (positive: a change). */
    public record Split(int index, double deltaBic) {}

    private static final double FLOOR = 1e-6;

    private final Covariance covariance;
    private final double lambda;
    private final int minSegment;
    private final int stride;

    /**
     * A test with penalty weight {@code lambda} that tries every {@code stride}-th split leaving at least
     * {@code minSegment} frames on each side.
     */
    public BicChangePoint(Covariance covariance, double lambda, int minSegment, int stride) {
        this.covariance = covariance;
        this.lambda = lambda;
        this.minSegment = minSegment;
        this.stride = stride;
    }

    public int minSegment() {
        return minSegment;
    }

    /** The split of {@code frames[from..to)} with the largest delta BIC, or null when it is too short to split. */
    public Split best(double[][] frames, int from, int to) {
        int n = to - from;
        if (n < 2 * minSegment) {
            return null;
        }
        int d = frames[from].length;
        int pairs = covariance == Covariance.FULL ? d * (d + 1) / 2 : d;
        // prefix sums of x and of the products x_j x_k (upper triangle, or the squares for DIAGONAL)
        double[][] sum = new double[n + 1][d];
        double[][] products = new double[n + 1][pairs];
        for (int t = 0; t < n; t++) {
            double[] x = frames[from + t];
            for (int j = 0; j < d; j++) {
                sum[t + 1][j] = sum[t][j] + x[j];
            }
            int p = 0;
            for (int j = 0; j < d; j++) {
                if (covariance == Covariance.FULL) {
                    for (int k = j; k < d; k++, p++) {
                        products[t + 1][p] = products[t][p] + x[j] * x[k];
                    }
                } else {
                    products[t + 1][p] = products[t][p] + x[j] * x[j];
                    p++;
                }
            }
        }
        double whole = logDet(sum, products, 0, n, d);
        double extra = covariance == Covariance.FULL ? d + d * (d + 1) / 2.0 : 2.0 * d;
        double penalty = lambda * 0.5 * extra * Math.log(n);
        int bestAt = -1;
        double bestGain = Double.NEGATIVE_INFINITY;
        for (int i = minSegment; i <= n - minSegment; i += stride) {
            double gain = gain(sum, products, n, i, d, whole);
            if (gain > bestGain) {
                bestGain = gain;
                bestAt = i;
            }
        }
        // the coarse search, refined frame by frame around its best split
        for (int i = Math.max(minSegment, bestAt - stride + 1); i <= Math.min(n - minSegment, bestAt + stride - 1); i++) {
            double gain = gain(sum, products, n, i, d, whole);
            if (gain > bestGain) {
                bestGain = gain;
                bestAt = i;
            }
        }
        return new Split(from + bestAt, bestGain - penalty);
    }

    /** Twice the log-likelihood gain, halved, of splitting the n frames at i (without the penalty). */
    private double gain(double[][] sum, double[][] products, int n, int i, int d, double whole) {
        return 0.5 * (n * whole - i * logDet(sum, products, 0, i, d) - (n - i) * logDet(sum, products, i, n, d));
    }

    /** log det of the maximum-likelihood covariance of frames [a, b), from the prefix sums. */
    private double logDet(double[][] sum, double[][] products, int a, int b, int d) {
        double m = b - a;
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (sum[b][j] - sum[a][j]) / m;
        }
        if (covariance == Covariance.DIAGONAL) {
            double log = 0;
            for (int j = 0; j < d; j++) {
                double v = (products[b][j] - products[a][j]) / m - mean[j] * mean[j];
                log += Math.log(Math.max(v, FLOOR));
            }
            return log;
        }
        double[][] c = new double[d][d];
        int p = 0;
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++, p++) {
                double v = (products[b][p] - products[a][p]) / m - mean[j] * mean[k];
                c[j][k] = v;
                c[k][j] = v;
            }
            c[j][j] += FLOOR;
        }
        return choleskyLogDet(c);
    }

    /** log det of a symmetric positive definite matrix by Cholesky factorisation (overwrites it). */
    static double choleskyLogDet(double[][] a) {
        int d = a.length;
        double log = 0;
        for (int j = 0; j < d; j++) {
            double diag = a[j][j];
            for (int k = 0; k < j; k++) {
                diag -= a[j][k] * a[j][k];
            }
            diag = Math.sqrt(Math.max(diag, FLOOR));
            a[j][j] = diag;
            log += 2 * Math.log(diag);
            for (int i = j + 1; i < d; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) {
                    v -= a[i][k] * a[j][k];
                }
                a[i][j] = v / diag;
            }
        }
        return log;
    }
}
