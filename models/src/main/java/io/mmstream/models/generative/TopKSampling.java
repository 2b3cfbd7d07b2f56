package io.mmstream.models.generative;

import java.util.Random;

/** Sampling one token from logits among the {@code k} likeliest, the logits divided by a temperature first. */
final class TopKSampling {

    private TopKSampling() {}

    /** A token drawn from the top {@code k} of {@code logits} at {@code temperature} (0: the likeliest). */
    static int sample(float[] logits, int k, float temperature, Random random) {
        int n = logits.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        if (temperature <= 0) {
            return order[0];
        }
        int keep = Math.max(1, Math.min(k, n));
        double[] weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp((logits[order[i]] - logits[order[0]]) / temperature);
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= weights[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }
}
