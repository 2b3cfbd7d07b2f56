package io.mmstream.models.videobert;

import java.util.Random;

/**
 * One training input: a masked segment, what to predict at its masked positions, and whether its
 * text and visual words belong together (scored only when the segment has both).
 *
 * @param ids masked token ids
 * @param types 0 text, 1 video, per position
 * @param labels id to predict per position, or {@link Masking#IGNORED}
 * @param aligned true when the text and the visual words come from the same moment
 * @param hasBothSides whether the alignment task applies (text and video present)
 */
public record PretrainingExample(int[] ids, int[] types, int[] labels, boolean aligned, boolean hasBothSides) {

    /** Masks {@code segment} for training; {@code aligned} says whether its two sides belong together. */
    public static PretrainingExample of(Segment segment, boolean aligned, VideoBertVocabulary vocabulary, Masking masking,
            int maxLength, Random random) {
        Segment.Layout layout = segment.layout(vocabulary, maxLength);
        Masking.Masked masked = masking.mask(layout.ids(), random);
        boolean both = segment.text().length > 0 && segment.visual().length > 0;
        return new PretrainingExample(masked.input(), layout.types(), masked.labels(), aligned, both);
    }

    public int length() {
        return ids.length;
    }
}
