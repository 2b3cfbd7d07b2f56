package io.mmstream.models.imagetext;

/**
 * Which positions may attend to which, as (length x length) matrices of 1 (may attend) and 0: the
 * bidirectional mask every architecture uses, and Unified VLP's sequence-to-sequence mask, where the
 * source (the [CLS] token and the regions) sees only the source, and each target token (a word or the
 * closing [SEP]) sees the source and the targets up to itself, left to right; and the generative models'
 * causal mask (DALL-E) and prefix mask (M6's prefix language modelling).
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

    /**
     * The decoder-only (left-to-right) mask: row {@code i} attends to real column {@code j} when
     * {@code j <= i}. A padding row still sees the real positions before it, so no row is empty when the
     * first position is real.
     */
    public static float[][] causal(boolean[] real) {
        int n = real.length;
        float[][] mask = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                mask[i][j] = real[j] ? 1 : 0;
            }
        }
        return mask;
    }

    /**
     * The prefix language-modelling mask: a prefix position attends to every real prefix position (both
     * ways); any other position attends to the real prefix and to the real positions up to itself.
     *
     * @param real positions holding a token or patch (not padding)
     * @param prefix positions of the prefix (for M6: the picture's patches and the given words, or the caption)
     */
    public static float[][] prefix(boolean[] real, boolean[] prefix) {
        int n = real.length;
        float[][] mask = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean seen = prefix[j] || (!prefix[i] && j <= i);
                mask[i][j] = real[j] && seen ? 1 : 0;
            }
        }
        return mask;
    }
}
