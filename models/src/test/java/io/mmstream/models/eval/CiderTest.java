package io.mmstream.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CIDEr-D against bench/cider_reference.py, a plain Python re-writing of coco-caption's CiderD scorer: the
 * pinned numbers are what {@code python3 bench/cider_reference.py} prints for the same examples (its
 * EXAMPLES dictionary), corpus mean first, then per caption.
 */
class CiderTest {

    private static void assertCider(List<String> candidates, List<List<String>> references, double mean, double... each) {
        Cider.Score s = Cider.corpus(candidates, references);
        assertEquals(mean, s.cider(), 1e-12, "corpus");
        for (int i = 0; i < each.length; i++) {
            assertEquals(each[i], s.perCandidate().get(i), 1e-12, "caption " + i);
        }
    }

    @Test
    void threeImagesWithThreeReferencesEach() {
        assertCider(List.of("a man riding a horse on the beach", "two dogs play in the snow", "a red bus parked on a street"),
                List.of(List.of("a man rides a horse along the beach", "a person on a horse at the seaside", "a horse and rider on sand"),
                        List.of("two dogs playing in snow", "dogs run through the snow", "a pair of dogs in the snow"),
                        List.of("a red double decker bus on a city street", "a bus parked by the road", "a red bus on the street")),
                2.1369805184052892, 1.612736618653159, 2.36951246893061, 2.4286924676320987);
    }

    @Test
    void punctuationAndCaseDoNotCount() {
        assertCider(List.of("A man, riding a horse.", "Two dogs play in the SNOW!"),
                List.of(List.of("a man rides a horse", "a person on a horse"), List.of("two dogs playing in snow", "dogs in the snow")),
                3.035928907017758, 2.901785714285714, 3.1700720997498015);
    }

    @Test
    void theGaussianPenaltyOnLengthDifferences() {
        assertCider(List.of("a cat", "a dog on a sofa", "a cat sitting on a mat in the sun next to a dog on a sofa"),
                List.of(List.of("a cat sitting on a mat"), List.of("a dog lying on a sofa"), List.of("a cat sitting on a mat")),
                2.288511666885787, 2.1566866414565626, 4.148287888503088, 0.5605604706977111);
    }

    @Test
    void repeatedWordsAreClippedAndAnIdenticalCaptionScoresTen() {
        // "a cat on a mat" is its only reference: every cosine is 1, no length penalty: 10
        assertCider(List.of("a dog a dog a dog a dog", "a cat on a mat"),
                List.of(List.of("a dog in a park"), List.of("a cat on a mat")),
                5.2695339329062705, 0.5390678658125408, 10.0);
    }

    @Test
    void aCorpusOfOneImageScoresZero() {
        // idf = log(1 image) - log(1) = 0 for every n-gram: coco-caption gives 0 too
        assertCider(List.of("a cat on a mat"), List.of(List.of("a cat on a mat")), 0.0, 0.0);
    }
}
