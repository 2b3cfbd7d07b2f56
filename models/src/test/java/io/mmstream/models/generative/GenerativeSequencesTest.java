package io.mmstream.models.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mmstream.models.videobert.VideoBertConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerativeSequencesTest {

    // 4 text slots, 2 codes, 2 patches of 3 intensities
    private static final GenerativeConfig CONFIG = new GenerativeConfig(new VideoBertConfig(1, 8, 1, 8, 8, 0f), 1_100, 4, 5, 2, 2, 3);

    @Test
    void dalleReadsTheCaptionLeftPaddedThenTheCodesAndPredictsTheWordsAndEveryCode() {
        GenerativeSequences.TextToImage s = GenerativeSequences.textToImage(List.of(new int[] {1000}), List.of(new int[] {3, 4}), CONFIG,
                true);
        assertArrayEquals(new int[] {0, 101, 1000, 102}, s.text());
        // slot s predicts slot s + 1: [CLS] is given, the word and [SEP] are predicted
        assertArrayEquals(new int[] {101, 1000, 102}, s.textLabels());
        assertArrayEquals(new float[] {0, 1, 1}, s.textWeights());
        assertArrayEquals(new int[] {3, 4}, s.imageLabels());
        // the first code sees the caption, not itself or what follows
        assertArrayEquals(new float[] {0, 1, 1, 1, 1, 0}, java.util.Arrays.copyOfRange(s.mask(), 4 * 6, 5 * 6));
    }

    @Test
    void m6DrawingTakesTheCaptionAsABidirectionalPrefixWithoutATextLoss() {
        GenerativeSequences.TextToImage s = GenerativeSequences.textToImage(List.of(new int[] {1000}), List.of(new int[] {3, 4}), CONFIG,
                false);
        assertArrayEquals(new float[] {0, 0, 0}, s.textWeights());
        // [CLS] sees the word after it: the prefix is read both ways
        assertArrayEquals(new float[] {0, 1, 1, 1, 0, 0}, java.util.Arrays.copyOfRange(s.mask(), 6, 12));
    }

    @Test
    void m6CaptioningGivesTheCutInThePrefixAndPredictsTheRestAndSep() {
        GenerativeSequences.ImageToText s = GenerativeSequences.imageToText(List.of(new float[6]), List.of(new int[] {1000, 1001}),
                new int[] {1}, CONFIG);
        assertArrayEquals(new int[] {101, 1000, 1001, 102}, s.text());
        assertArrayEquals(new int[] {1000, 1001, 102}, s.labels());
        // the first word is given (cut 1): only the second and [SEP] are predicted
        assertArrayEquals(new float[] {0, 1, 1}, s.weights());
        assertEquals(2 * 3, s.patches().length);
    }
}
