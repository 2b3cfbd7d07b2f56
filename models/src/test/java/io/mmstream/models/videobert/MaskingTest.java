package io.mmstream.models.videobert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** BERT's 15% with 80/10/10 over VideoBERT's joint vocabulary, and the segment layout. */
class MaskingTest {

    private final VideoBertVocabulary vocabulary = new VideoBertVocabulary(30_522, 20_736);

    private int[] segment(Random random) {
        int[] text = new int[12];
        int[] visual = new int[8];
        for (int i = 0; i < text.length; i++) {
            text[i] = 2000 + random.nextInt(20_000);
        }
        for (int i = 0; i < visual.length; i++) {
            visual[i] = random.nextInt(20_736);
        }
        return new Segment(text, visual).layout(vocabulary, 64).ids();
    }

    @Test
    void fifteenPercentAreChosenAndOfThose80Masked10Replaced10Kept() {
        Masking masking = Masking.standard(vocabulary);
        Random random = new Random(1);
        long candidates = 0;
        long chosen = 0;
        long masked = 0;
        long replaced = 0;
        long kept = 0;
        for (int n = 0; n < 20_000; n++) {
            int[] ids = segment(random);
            Masking.Masked m = masking.mask(ids, random);
            for (int i = 0; i < ids.length; i++) {
                boolean special = ids[i] == VideoBertVocabulary.CLS || ids[i] == VideoBertVocabulary.SEP
                        || ids[i] == vocabulary.textVideoSeparator();
                if (special) {
                    assertEquals(Masking.IGNORED, m.labels()[i], "special tokens are never chosen");
                    assertEquals(ids[i], m.input()[i]);
                    continue;
                }
                candidates++;
                if (m.labels()[i] == Masking.IGNORED) {
                    assertEquals(ids[i], m.input()[i], "a position not chosen is unchanged");
                    continue;
                }
                chosen++;
                assertEquals(ids[i], m.labels()[i], "the label is the original token");
                if (m.input()[i] == VideoBertVocabulary.MASK) {
                    masked++;
                } else if (m.input()[i] == ids[i]) {
                    kept++;
                } else {
                    replaced++;
                    assertEquals(vocabulary.isVisual(ids[i]), vocabulary.isVisual(m.input()[i]),
                            "a replacement is a token of the same kind");
                    assertTrue(vocabulary.isVisual(m.input()[i]) || vocabulary.isWordPiece(m.input()[i]));
                }
            }
        }
        assertEquals(0.15, chosen / (double) candidates, 0.005);
        assertEquals(0.80, masked / (double) chosen, 0.01);
        assertEquals(0.10, replaced / (double) chosen, 0.01);
        assertEquals(0.10, kept / (double) chosen, 0.01);
    }

    @Test
    void aShortSegmentStillGetsOnePrediction() {
        int[] ids = new Segment(new int[] {2000}, new int[0]).layout(vocabulary, 16).ids();
        for (long seed = 0; seed < 50; seed++) {
            Masking.Masked m = Masking.standard(vocabulary).mask(ids, new Random(seed));
            assertEquals(2000, m.labels()[1]);
        }
    }

    @Test
    void segmentsAreLaidOutAsClsTextSeparatorVisualSep() {
        Segment.Layout joint = new Segment(new int[] {2000, 2001}, new int[] {5, 6}).layout(vocabulary, 16);
        assertArrayEquals(new int[] {101, 2000, 2001, vocabulary.textVideoSeparator(), vocabulary.visual(5), vocabulary.visual(6), 102},
                joint.ids());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1}, joint.types());
        Segment.Layout videoOnly = new Segment(new int[0], new int[] {1, 2, 3}).layout(vocabulary, 16);
        assertArrayEquals(new int[] {101, vocabulary.visual(1), vocabulary.visual(2), vocabulary.visual(3), 102}, videoOnly.ids());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1}, videoOnly.types());
        Segment.Layout cut = new Segment(new int[] {2000, 2001, 2002, 2003, 2004, 2005}, new int[] {1, 2}).layout(vocabulary, 8);
        assertEquals(8, cut.length(), "cut to the longest segment the model reads");
        assertEquals(vocabulary.visual(2), cut.ids()[6], "by dropping words from the longer side");
    }
}
