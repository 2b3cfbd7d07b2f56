package io.mmstream.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Recall@K on matrices whose ranks can be read off by eye: perfect, constant (chance) and a 4 x 4 by hand. */
class RetrievalRecallTest {

    private static final double EPS = 1e-12;

    @Test
    void aPerfectDiagonalFindsEveryMatchFirst() {
        float[][] sim = new float[20][20];
        for (int i = 0; i < 20; i++) {
            sim[i][i] = 1;
        }
        RetrievalRecall r = RetrievalRecall.of(sim);
        assertEquals(new RetrievalRecall.Recall(1, 1, 1), r.imageToText());
        assertEquals(new RetrievalRecall.Recall(1, 1, 1), r.textToImage());
        assertEquals(0.05, r.chanceTextToImage().at1(), EPS);
        assertEquals("image->text R@1 1.000 R@5 1.000 R@10 1.000; text->image R@1 1.000 R@5 1.000 R@10 1.000;"
                + " chance R@1 0.050 R@5 0.250 R@10 0.500", r.toString());
    }

    @Test
    void aConstantModelScoresAtChance() {
        RetrievalRecall r = RetrievalRecall.of(new float[50][50]);
        RetrievalRecall.Recall chance = new RetrievalRecall.Recall(1 / 50.0, 5 / 50.0, 10 / 50.0);
        assertRecall(chance, r.imageToText());
        assertRecall(chance, r.textToImage());
        assertRecall(chance, r.chanceImageToText());
        assertRecall(chance, r.chanceTextToImage());
    }

    @Test
    void aFourByFourByHand() {
        float[][] sim = {
            {0.9f, 0.1f, 0.8f, 0.2f}, // true text 0 first
            {0.7f, 0.3f, 0.5f, 0.6f}, // true text 1 last
            {0.2f, 0.9f, 0.4f, 0.1f}, // true text 2 second
            {0.5f, 0.5f, 0.5f, 0.5f}, // true text 3 tied with all: first with probability 1/4
        };
        RetrievalRecall r = RetrievalRecall.of(sim);
        assertEquals((1 + 0 + 0 + 0.25) / 4, r.imageToText().at1(), EPS);
        // columns: image 0 first for text 0; image 1 third for text 1 (0.9, 0.5 above 0.3); image 2 last for
        // text 2; image 3 second for text 3 (0.6 above 0.5)
        assertEquals(0.25, r.textToImage().at1(), EPS);
        assertEquals(1, r.textToImage().at5(), EPS); // 4 candidates: all within 5
        assertEquals(0.25, r.chanceImageToText().at1(), EPS);
        // within 2: row 1 no (three above), row 2 yes, row 3 tied four ways: 1 - C(3,2)/C(4,2) = 1/2
        assertEquals(0, RetrievalRecall.hitProbability(sim[1], truth(4, 1), 2), EPS);
        assertEquals(1, RetrievalRecall.hitProbability(sim[2], truth(4, 2), 2), EPS);
        assertEquals(0.5, RetrievalRecall.hitProbability(sim[3], truth(4, 3), 2), EPS);
    }

    @Test
    void anyOfSeveralTrueCaptionsCounts() {
        int[] imageOfText = {0, 0, 1, 1, 2, 2};
        float[][] sim = {
            {0.1f, 0.9f, 0.2f, 0.2f, 0.2f, 0.2f}, // image 0's second caption first
            {0.9f, 0.1f, 0.2f, 0.3f, 0.0f, 0.0f}, // image 1's best caption (0.3) second
            {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, // six tied, two true: first with probability 2/6
        };
        RetrievalRecall r = RetrievalRecall.of(sim, imageOfText);
        assertEquals((1 + 0 + 2 / 6.0) / 3, r.imageToText().at1(), EPS);
        // a random order of six with two true ones puts one first with probability 2/6
        assertEquals(2 / 6.0, r.chanceImageToText().at1(), EPS);
        assertEquals(1 / 3.0, r.chanceTextToImage().at1(), EPS);
        // constant: both directions at chance
        RetrievalRecall constant = RetrievalRecall.of(new float[3][6], imageOfText);
        assertRecall(constant.chanceImageToText(), constant.imageToText());
        assertRecall(constant.chanceTextToImage(), constant.textToImage());
        assertEquals(1, constant.imageToText().at5(), EPS); // five places, only four wrong captions
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RetrievalRecall.of(new float[2][3], new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> RetrievalRecall.of(new float[3][2], new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> RetrievalRecall.of(new float[][] {{Float.NaN}}));
    }

    private static boolean[] truth(int n, int index) {
        boolean[] t = new boolean[n];
        t[index] = true;
        return t;
    }

    private static void assertRecall(RetrievalRecall.Recall expected, RetrievalRecall.Recall actual) {
        assertEquals(expected.at1(), actual.at1(), EPS, "R@1");
        assertEquals(expected.at5(), actual.at5(), EPS, "R@5");
        assertEquals(expected.at10(), actual.at10(), EPS, "R@10");
    }
}
