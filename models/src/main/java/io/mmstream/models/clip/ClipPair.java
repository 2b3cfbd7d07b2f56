package io.mmstream.models.clip;

import java.util.List;

/**
 * A training pair: what was said in a segment (its frozen sentence vector) and what was shown (its clips).
 *
 * @param text the sentence vector of the segment's words
 * @param video the segment's clips
 */
public record ClipPair(float[] text, Clips video) {

    /**
     * A segment's clips, in time order.
     *
     * @param features one feature vector per clip
     * @param words each clip's visual word (0 when none)
     */
    public record Clips(List<float[]> features, int[] words) {

        public Clips {
            if (features.size() != words.length || features.isEmpty()) {
                throw new IllegalArgumentException("a segment needs clips, each with its visual word");
            }
        }
    }
}
