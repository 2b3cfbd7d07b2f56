package io.mmstream.models.videobert;

import java.util.ArrayList;
import java.util.List;

/**
 * One VideoBERT input: WordPiece ids of a sentence and the visual words of the clips said with it,
 * laid out as {@code [CLS] text [>] visual [SEP]} (text-only and video-only segments drop a side).
 *
 * @param text WordPiece ids, without [CLS] or [SEP]
 * @param visual visual word numbers (0-based codebook leaves)
 */
public record Segment(int[] text, int[] visual) {

    /** Token ids of the segment, cut to {@code maxLength} by dropping words from the longer side. */
    public Layout layout(VideoBertVocabulary vocabulary, int maxLength) {
        int[] t = text;
        int[] v = visual;
        int overhead = 2 + (t.length > 0 && v.length > 0 ? 1 : 0);
        while (t.length + v.length + overhead > maxLength) {
            if (t.length >= v.length) {
                t = java.util.Arrays.copyOf(t, t.length - 1);
            } else {
                v = java.util.Arrays.copyOf(v, v.length - 1);
            }
        }
        List<Integer> ids = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        ids.add(VideoBertVocabulary.CLS);
        types.add(t.length > 0 ? 0 : 1);
        for (int id : t) {
            ids.add(id);
            types.add(0);
        }
        if (t.length > 0 && v.length > 0) {
            ids.add(vocabulary.textVideoSeparator());
            types.add(1);
        }
        for (int w : v) {
            ids.add(vocabulary.visual(w));
            types.add(1);
        }
        ids.add(VideoBertVocabulary.SEP);
        types.add(v.length > 0 ? 1 : 0);
        return new Layout(ids.stream().mapToInt(Integer::intValue).toArray(), types.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * A segment as the model reads it.
     *
     * @param ids token ids
     * @param types 0 for text positions, 1 for video positions
     */
    public record Layout(int[] ids, int[] types) {

        public int length() {
            return ids.length;
        }
    }
}
