package io.mmstream.models.imagetext;

/**
 * Which positions may attend to which, as (length x length) matrices of 1 (may attend) and 0: the
 * bidirectional mask every architecture uses, and Unified VLP's sequence-to-sequence mask, where the
 * source (the [CLS] token and the regions) sees only the source, and each target token (a word or the
 * closing [SEP]) sees the source and the targets up to itself, left to right.
 */
public final class AttentionMasks {

    private AttentionMasks() {}

    /** Every position attends to every real position ({@code real[j]}); padding is never attended to. */
    public static float[][] bidirectional(boolean[] real) {
        int n = real.length;
        float[][] mask = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                mask[i][j] = real[j] ? 1 : 0;
            }
        }
        return mask;
    }

    /**
     * Unified VLP's left-to-right mask: row {@code i} attends to real column {@code j} when {@code j} is
     * in the source, or when both are targets and {@code j <= i}.
     *
     * @param real positions holding a token or region (not padding)
     * @param target positions of the text to generate; the other real positions are the source
     */
    public static float[][] sequenceToSequence(boolean[] real, boolean[] target) {
        int n = real.length;
        float[][] mask = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean source = real[j] && !target[j];
                boolean earlierTarget = real[j] && target[j] && target[i] && j <= i;
                mask[i][j] = source || earlierTarget ? 1 : 0;
            }
        }
        return mask;
    }
}
