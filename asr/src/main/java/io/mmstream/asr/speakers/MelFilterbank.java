package io.mmstream.asr.speakers;

/**
 * Triangular filters spaced evenly on the mel scale (mel = 2595 log10(1 + f / 700)) that pool a power
 * spectrum into band energies, as in Davis and Mermelstein (1980).
 */
public final class MelFilterbank {

    private final double[][] weights;
    private final int[] first;

    /**
     * {@code filters} bands between {@code lowHz} and {@code highHz} over the {@code fftSize / 2 + 1}
     * bins of a power spectrum sampled at {@code sampleRate}.
     */
    public MelFilterbank(int filters, int fftSize, int sampleRate, double lowHz, double highHz) {
        int bins = fftSize / 2 + 1;
        double lowMel = mel(lowHz);
        double highMel = mel(highHz);
        double[] edgesHz = new double[filters + 2];
        for (int i = 0; i < edgesHz.length; i++) {
            edgesHz[i] = hz(lowMel + (highMel - lowMel) * i / (filters + 1));
        }
        weights = new double[filters][];
        first = new int[filters];
        for (int f = 0; f < filters; f++) {
            double left = edgesHz[f];
            double centre = edgesHz[f + 1];
            double right = edgesHz[f + 2];
            int lo = (int) Math.ceil(left * fftSize / sampleRate);
            int hi = Math.min(bins - 1, (int) Math.floor(right * fftSize / sampleRate));
            first[f] = lo;
            weights[f] = new double[Math.max(0, hi - lo + 1)];
            for (int k = lo; k <= hi; k++) {
                double freq = (double) k * sampleRate / fftSize;
                double w = freq <= centre ? (freq - left) / (centre - left) : (right - freq) / (right - centre);
                weights[f][k - lo] = Math.max(0, w);
            }
        }
    }

    public int size() {
        return weights.length;
    }

    /** The energy in each band of {@code power}. */
    public double[] apply(double[] power) {
        double[] bands = new double[weights.length];
        for (int f = 0; f < weights.length; f++) {
            double sum = 0;
            for (int k = 0; k < weights[f].length; k++) {
                sum += weights[f][k] * power[first[f] + k];
            }
            bands[f] = sum;
        }
        return bands;
    }

    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
