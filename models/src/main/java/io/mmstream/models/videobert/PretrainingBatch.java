package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A batch of {@link PretrainingExample}s as arrays: padded to the longest example, with the flat
 * indexes of the masked positions and their labels gathered.
 *
 * @param inputs ids (B, T), types (B, T), padding mask (B, T), masked positions (M)
 * @param maskedLabels ids to predict at the masked positions (M)
 * @param alignLabels 1 aligned, 0 not (B)
 * @param alignWeights 1 where the alignment task applies, else 0 (B)
 * @param tokens real (unpadded) tokens in the batch
 */
public record PretrainingBatch(NDList inputs, NDArray maskedLabels, NDArray alignLabels, NDArray alignWeights, long tokens) {

    /** Builds the arrays of {@code examples} on {@code manager} (close the manager to free them). */
    public static PretrainingBatch of(List<PretrainingExample> examples, NDManager manager) {
        Layout l = Layout.of(examples);
        Shape shape = new Shape(l.segments(), l.length());
        NDList inputs = new NDList(manager.create(l.ids(), shape), manager.create(l.types(), shape),
                manager.create(l.padding(), shape), manager.create(l.positions()));
        return new PretrainingBatch(inputs, manager.create(l.labels()), manager.create(l.alignLabels()),
                manager.create(l.alignWeights()), l.tokens());
    }

    /**
     * The batch's contents as plain Java arrays, row-major over {@code segments} x {@code length}
     * (what {@link #of} puts on the device, and what benchmarks write out for other frameworks).
     */
    public record Layout(int segments, int length, int[] ids, int[] types, float[] padding, long[] positions, int[] labels,
            float[] alignLabels, float[] alignWeights, long tokens) {

        /** Lays {@code examples} out, padded to the longest. */
        public static Layout of(List<PretrainingExample> examples) {
            int b = examples.size();
            int t = examples.stream().mapToInt(PretrainingExample::length).max().orElseThrow();
            int[] ids = new int[b * t];
            int[] types = new int[b * t];
            float[] padding = new float[b * t];
            int masked = 0;
            for (PretrainingExample e : examples) {
                for (int label : e.labels()) {
                    if (label != Masking.IGNORED) {
                        masked++;
                    }
                }
            }
            long[] positions = new long[masked];
            int[] labels = new int[masked];
            float[] alignLabels = new float[b];
            float[] alignWeights = new float[b];
            long tokens = 0;
            int m = 0;
            for (int i = 0; i < b; i++) {
                PretrainingExample e = examples.get(i);
                for (int j = 0; j < e.length(); j++) {
                    int at = i * t + j;
                    ids[at] = e.ids()[j];
                    types[at] = e.types()[j];
                    padding[at] = 1;
                    tokens++;
                    if (e.labels()[j] != Masking.IGNORED) {
                        positions[m] = at;
                        labels[m++] = e.labels()[j];
                    }
                }
                alignLabels[i] = e.aligned() ? 1 : 0;
                alignWeights[i] = e.hasBothSides() ? 1 : 0;
            }
            return new Layout(b, t, ids, types, padding, positions, labels, alignLabels, alignWeights, tokens);
        }
    }
}
