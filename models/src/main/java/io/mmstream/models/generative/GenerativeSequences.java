package io.mmstream.models.generative;

import io.mmstream.models.imagetext.AttentionMasks;
import io.mmstream.models.videobert.VideoBertVocabulary;
import java.util.List;

/**
 * The sequences the generative transformers read, as flat arrays: text to image (the caption left-padded
 * so its [SEP] is always the last text slot, then the codes; DALL-E's causal mask or M6's prefix mask with
 * the caption as prefix), and M6's image to text (the patches, then the caption right-padded, a random
 * cut of it in the prefix, the rest predicted left to right).
 */
final class GenerativeSequences {

    private GenerativeSequences() {}

    /** A text-to-image batch: {@code text} (B, T), {@code codes} (B, I), {@code mask} (B, L, L), next-token labels and weights. */
    record TextToImage(int rows, int[] text, int[] codes, float[] mask, int[] textLabels, float[] textWeights, int[] imageLabels) {}

    /** An image-to-text batch: {@code patches} (B, P, F), {@code text} (B, T), {@code mask} (B, L, L), next-token labels and weights. */
    record ImageToText(int rows, float[] patches, int[] text, float[] mask, int[] labels, float[] weights) {}

    /** [PAD ...] [CLS] word pieces [SEP] in {@code slots} (word pieces cut to slots - 2). */
    static int[] leftPadded(int[] pieces, int slots) {
        int n = Math.min(pieces.length, slots - 2);
        int[] out = new int[slots];
        int start = slots - n - 2;
        out[start] = VideoBertVocabulary.CLS;
        System.arraycopy(pieces, 0, out, start + 1, n);
        out[slots - 1] = VideoBertVocabulary.SEP;
        return out;
    }

    /** [CLS] word pieces [SEP] [PAD ...] in {@code slots} (word pieces cut to slots - 2). */
    static int[] rightPadded(int[] pieces, int slots) {
        int n = Math.min(pieces.length, slots - 2);
        int[] out = new int[slots];
        out[0] = VideoBertVocabulary.CLS;
        System.arraycopy(pieces, 0, out, 1, n);
        out[n + 1] = VideoBertVocabulary.SEP;
        return out;
    }

    /**
     * Captions and their pictures' codes (codes may be partly filled when sampling: the masks keep later
     * codes from earlier positions).
     *
     * @param causal DALL-E's causal mask over everything (and a text loss); else M6's prefix mask, the caption the prefix
     */
    static TextToImage textToImage(List<int[]> pieces, List<int[]> codes, GenerativeConfig config, boolean causal) {
        int b = pieces.size();
        int t = config.textSlots();
        int i = config.imageTokens();
        int l = t + i;
        int[] text = new int[b * t];
        int[] codeIds = new int[b * i];
        float[] mask = new float[b * l * l];
        int[] textLabels = new int[b * (t - 1)];
        float[] textWeights = new float[b * (t - 1)];
        for (int r = 0; r < b; r++) {
            int[] row = leftPadded(pieces.get(r), t);
            System.arraycopy(row, 0, text, r * t, t);
            System.arraycopy(codes.get(r), 0, codeIds, r * i, i);
            boolean[] real = new boolean[l];
            boolean[] prefix = new boolean[l];
            for (int s = 0; s < t; s++) {
                real[s] = row[s] != VideoBertVocabulary.PAD;
                prefix[s] = real[s];
            }
            for (int s = t; s < l; s++) {
                real[s] = true;
            }
            copy(causal ? AttentionMasks.causal(real) : AttentionMasks.prefix(real, prefix), mask, r * l * l);
            for (int s = 0; s < t - 1; s++) {
                int next = row[s + 1];
                textLabels[r * (t - 1) + s] = next;
                textWeights[r * (t - 1) + s] = causal && next != VideoBertVocabulary.PAD && next != VideoBertVocabulary.CLS ? 1 : 0;
            }
        }
        return new TextToImage(b, text, codeIds, mask, textLabels, textWeights, codeIds.clone());
    }

    /**
     * Pictures' patches with their captions, {@code cuts[r]} word pieces of row r given in the prefix
     * (0: only [CLS]); the rest of the caption and its [SEP] are the targets.
     */
    static ImageToText imageToText(List<float[]> patches, List<int[]> pieces, int[] cuts, GenerativeConfig config) {
        int b = pieces.size();
        int p = config.patches();
        int f = config.patchWidth();
        int t = config.textSlots();
        int l = p + t;
        float[] flatPatches = new float[b * p * f];
        int[] text = new int[b * t];
        float[] mask = new float[b * l * l];
        int[] labels = new int[b * (t - 1)];
        float[] weights = new float[b * (t - 1)];
        for (int r = 0; r < b; r++) {
            System.arraycopy(patches.get(r), 0, flatPatches, r * p * f, p * f);
            int[] row = rightPadded(pieces.get(r), t);
            System.arraycopy(row, 0, text, r * t, t);
            int n = Math.min(pieces.get(r).length, t - 2);
            int cut = Math.min(cuts[r], n);
            boolean[] real = new boolean[l];
            boolean[] prefix = new boolean[l];
            for (int s = 0; s < l; s++) {
                real[s] = s < p || row[s - p] != VideoBertVocabulary.PAD;
                prefix[s] = s < p || s - p <= cut;
            }
            copy(AttentionMasks.prefix(real, prefix), mask, r * l * l);
            for (int s = 0; s < t - 1; s++) {
                labels[r * (t - 1) + s] = row[s + 1];
                weights[r * (t - 1) + s] = s >= cut && s + 1 <= n + 1 ? 1 : 0;
            }
        }
        return new ImageToText(b, flatPatches, text, mask, labels, weights);
    }

    private static void copy(float[][] matrix, float[] into, int at) {
        int n = matrix.length;
        for (int r = 0; r < n; r++) {
            System.arraycopy(matrix[r], 0, into, at + r * n, n);
        }
    }
}
