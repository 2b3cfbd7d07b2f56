package io.mmstream.asr.speakers;

/** The orthonormal type-II discrete cosine transform that keeps the first coefficients (cepstra from log band energies). */
public final class Dct {

    private final double[][] basis;

    /** Keeps {@code outputs} coefficients of inputs of length {@code inputs}. */
    public Dct(int inputs, int outputs) {
        basis = new double[outputs][inputs];
        for (int k = 0; k < outputs; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / inputs);
            for (int n = 0; n < inputs; n++) {
                basis[k][n] = scale * Math.cos(Math.PI * k * (n + 0.5) / inputs);
            }
        }
    }

    /** The first coefficients of {@code x}. */
    public double[] apply(double[] x) {
        double[] out = new double[basis.length];
        for (int k = 0; k < basis.length; k++) {
            double sum = 0;
            for (int n = 0; n < x.length; n++) {
                sum += basis[k][n] * x[n];
            }
            out[k] = sum;
        }
        return out;
    }
}
