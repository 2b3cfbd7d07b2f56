package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class AttentionMasksTest {

    // [CLS] w1 w2 [SEP] pad | r0 r1 : the source is [CLS] and the regions, the target the words and [SEP]
    private static final boolean[] REAL = {true, true, true, true, false, true, true};
    private static final boolean[] TARGET = {false, true, true, true, false, false, false};

    @Test
    void theSequenceToSequenceMaskLetsTheSourceSeeOnlyTheSourceAndEachWordTheSourceAndTheWordsUpToItself() {
        float[][] expected = {
            //       CLS w1 w2 SEP pad r0 r1
            /* CLS */ {1, 0, 0, 0, 0, 1, 1},
            /* w1  */ {1, 1, 0, 0, 0, 1, 1},
            /* w2  */ {1, 1, 1, 0, 0, 1, 1},
            /* SEP */ {1, 1, 1, 1, 0, 1, 1},
            /* pad */ {1, 0, 0, 0, 0, 1, 1},
            /* r0  */ {1, 0, 0, 0, 0, 1, 1},
            /* r1  */ {1, 0, 0, 0, 0, 1, 1},
        };
        float[][] mask = AttentionMasks.sequenceToSequence(REAL, TARGET);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], mask[i], "row " + i);
        }
    }

    @Test
    void theBidirectionalMaskLetsEveryPositionSeeEveryRealPosition() {
        float[] row = {1, 1, 1, 1, 0, 1, 1};
        for (float[] r : AttentionMasks.bidirectional(REAL)) {
            assertArrayEquals(row, r);
        }
    }

    @Test
    void theCausalMaskLetsEachPositionSeeTheRealPositionsUpToItself() {
        // pad [CLS] w1 [SEP] c0 c1: DALL-E's left-padded caption, then image codes
        boolean[] real = {false, true, true, true, true, true};
        float[][] expected = {
            //       pad CLS w1 SEP c0 c1
            /* pad */ {0, 0, 0, 0, 0, 0},
            /* CLS */ {0, 1, 0, 0, 0, 0},
            /* w1  */ {0, 1, 1, 0, 0, 0},
            /* SEP */ {0, 1, 1, 1, 0, 0},
            /* c0  */ {0, 1, 1, 1, 1, 0},
            /* c1  */ {0, 1, 1, 1, 1, 1},
        };
        float[][] mask = AttentionMasks.causal(real);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], mask[i], "row " + i);
        }
    }

    @Test
    void thePrefixMaskLetsThePrefixSeeItselfBothWaysAndTheRestSeeThePrefixAndWhatCameBefore() {
        // p0 p1 [CLS] w1 | w2 [SEP] pad: M6's patches and a caption cut after w1
        boolean[] real = {true, true, true, true, true, true, false};
        boolean[] prefix = {true, true, true, true, false, false, false};
        float[][] expected = {
            //       p0 p1 CLS w1 w2 SEP pad
            /* p0  */ {1, 1, 1, 1, 0, 0, 0},
            /* p1  */ {1, 1, 1, 1, 0, 0, 0},
            /* CLS */ {1, 1, 1, 1, 0, 0, 0},
            /* w1  */ {1, 1, 1, 1, 0, 0, 0},
            /* w2  */ {1, 1, 1, 1, 1, 0, 0},
            /* SEP */ {1, 1, 1, 1, 1, 1, 0},
            /* pad */ {1, 1, 1, 1, 1, 1, 0},
        };
        float[][] mask = AttentionMasks.prefix(real, prefix);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], mask[i], "row " + i);
        }
    }
}
