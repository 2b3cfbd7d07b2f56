package io.mmstream.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BLEU-4 against values worked out by hand and against NLTK 3.8 (Debian's python3-nltk). The NLTK numbers
 * come from {@code corpus_bleu([[r.lower().split() for r in refs] ...], [c.lower().split() ...])} with the
 * default weights and no smoothing, run as {@code /usr/bin/python3 -c "from nltk.translate.bleu_score import
 * corpus_bleu; ..."} on the captions below (written without punctuation, so NLTK's split() and
 * {@link CaptionTokens} give the same words).
 */
class BleuTest {

    private static double bleu(List<String> candidates, List<List<String>> references) {
        return Bleu.corpus(candidates, references).bleu();
    }

    @Test
    void aCandidateEqualToItsReferenceScoresOne() {
        assertEquals(1.0, bleu(List.of("a man is riding a horse on the beach"), List.of(List.of("A man is riding a horse on the beach."))), 1e-12);
    }

    @Test
    void aSmallExampleByHand() {
        // "a cat is on the mat" against "the cat is on the mat", both 6 words (BP 1):
        // 1-grams a cat is on the mat: 5 of 6 in the reference (not "a")        p1 = 5/6
        // 2-grams a-cat cat-is is-on on-the the-mat: 4 of 5                      p2 = 4/5
        // 3-grams a-cat-is cat-is-on is-on-the on-the-mat: 3 of 4                p3 = 3/4
        // 4-grams a-cat-is-on cat-is-on-the is-on-the-mat: 2 of 3                p4 = 2/3
        // BLEU = (5/6 * 4/5 * 3/4 * 2/3)^(1/4) = (1/3)^(1/4) = 0.7598356856515925 (NLTK: the same)
        Bleu.Score s = Bleu.corpus(List.of("a cat is on the mat"), List.of(List.of("the cat is on the mat")));
        assertEquals(Math.pow(1.0 / 3, 0.25), s.bleu(), 1e-12);
        assertEquals(List.of(5.0 / 6, 4.0 / 5, 3.0 / 4, 2.0 / 3), s.precisions());
        assertEquals(0.7598356856515925, s.bleu(), 1e-12);
    }

    @Test
    void aShortCandidateIsPenalisedForBrevity() {
        // every n-gram of "cat is on the mat" is in the reference, but 5 words against 6: BP = exp(1 - 6/5)
        Bleu.Score s = Bleu.corpus(List.of("cat is on the mat"), List.of(List.of("the cat is on the mat")));
        assertEquals(Math.exp(-0.2), s.bleu(), 1e-12);
        assertEquals(0.8187307530779819, s.bleu(), 1e-12); // NLTK
    }

    @Test
    void nltksDocumentationExampleSummedOverTheCorpus() {
        // NLTK's corpus_bleu docstring example (0.5920778868801042), lower-cased
        double b = bleu(List.of("It is a guide to action which ensures that the military always obeys the commands of the party",
                        "he read the book because he was interested in world history"),
                List.of(List.of("It is a guide to action that ensures that the military will forever heed Party commands",
                                "It is the guiding principle which guarantees the military forces always being under the command of the Party",
                                "It is the practical guide for the army always to heed the directions of the party"),
                        List.of("he was interested in world history because he read the book")));
        assertEquals(0.5920778868801042, b, 1e-12);
    }

    @Test
    void theBrevityPenaltyUsesTheClosestReferenceLength() {
        // 9 words; references of 3, 12 and 7 words: the 7 is closest, so no penalty (NLTK 0.6803749333171202)
        assertEquals(0.6803749333171202, bleu(List.of("a small brown dog runs across the green field"),
                List.of(List.of("a dog runs", "a small brown dog runs across a big green grassy field today",
                        "a brown dog running across the field"))), 1e-12);
        // 9 words between references of 8 and 10: the shorter wins the tie, no penalty (NLTK 1.0)
        assertEquals(1.0, bleu(List.of("a small brown dog runs across the green field"),
                List.of(List.of("a small dog runs across the green field", "a small brown dog runs across the big green field"))), 1e-12);
        // the 10-word reference alone: penalty exp(1 - 10/9) (NLTK 0.7189393375176814)
        assertEquals(0.7189393375176814, bleu(List.of("a small brown dog runs across the green field"),
                List.of(List.of("a small brown dog runs across the big green field"))), 1e-12);
    }

    @Test
    void noMatching4GramMeansZero() {
        // NLTK returns 6.2e-78 here (it puts the smallest double in place of the 0 precision) and warns
        Bleu.Score s = Bleu.corpus(
                List.of("a man riding a horse on the beach", "two dogs play in the snow", "a red bus parked on a street"),
                List.of(List.of("a man rides a horse along the beach", "a person on a horse at the seaside", "a horse and rider on sand"),
                        List.of("two dogs playing in snow", "dogs run through the snow", "a pair of dogs in the snow"),
                        List.of("a red double decker bus on a city street", "a bus parked by the road", "a red bus on the street")));
        assertEquals(0.0, s.bleu());
        assertEquals(0.0, s.precisions().get(3));
    }

    @Test
    void candidatesAndReferencesMustPair() {
        assertThrows(IllegalArgumentException.class, () -> bleu(List.of("a", "b"), List.of(List.of("a"))));
        assertThrows(IllegalArgumentException.class, () -> bleu(List.of("a"), List.of(List.of())));
    }
}
