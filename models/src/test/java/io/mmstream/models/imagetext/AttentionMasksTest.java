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
}
