package io.mmstream.models.videobert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The batches {@code PretrainingCorpus} draws, judged by their statistics over many draws: half the
 * segments with both sides paired with another video's visual words, and visual words kept every
 * s-th from an offset below s, s uniform over 1 to 5. Each segment's tokens say where they came
 * from: text ids 2000 + 100 v + i and visual words 100 v + position for video v.
 */
class PretrainingCorpusTest {

    private static final VideoBertVocabulary VOCABULARY = new VideoBertVocabulary(30_522, 400);
    private static final int VIDEOS = 4;
    private static final int VISUAL_LENGTH = 20;
    private static final int DRAWS = 20_000;

    /** An example's tokens as they were before masking, split into its two sides. */
    private record Drawn(PretrainingExample example, List<Integer> text, List<Integer> visual) {

        static Drawn of(PretrainingExample e) {
            List<Integer> text = new ArrayList<>();
            List<Integer> visual = new ArrayList<>();
            for (int i = 0; i < e.length(); i++) {
                int original = e.labels()[i] == Masking.IGNORED ? e.ids()[i] : e.labels()[i];
                if (VOCABULARY.isVisual(original)) {
                    visual.add(original - VOCABULARY.textSize() - 1);
                } else if (VOCABULARY.isWordPiece(original)) {
                    text.add(original);
                }
            }
            return new Drawn(e, text, visual);
        }

        int textVideo() {
            return (text.get(0) - 2000) / 100;
        }

        int visualVideo() {
            return visual.get(0) / 100;
        }
    }

    private static PretrainingCorpus corpus() {
        PretrainingCorpus corpus = new PretrainingCorpus(VOCABULARY, 64);
        for (int v = 0; v < VIDEOS; v++) {
            int base = v * 100;
            int[] visual = IntStream.range(0, VISUAL_LENGTH).map(p -> base + p).toArray();
            for (int s = 0; s < 5; s++) {
                int first = 2000 + base + s * 10;
                int[] text = IntStream.range(0, 8).map(i -> first + i).toArray();
                corpus.add(new PretrainingCorpus.Entry("video-" + v, text, visual));
            }
        }
        corpus.add(new PretrainingCorpus.Entry("video-0", IntStream.range(0, 8).map(i -> 2090 + i).toArray(), new int[0]));
        corpus.add(new PretrainingCorpus.Entry("video-1", new int[0], IntStream.range(0, VISUAL_LENGTH).map(p -> 100 + p).toArray()));
        return corpus;
    }

    private static List<Drawn> draw() {
        PretrainingCorpus corpus = corpus();
        Random random = new Random(11);
        List<Drawn> drawn = new ArrayList<>();
        while (drawn.size() < DRAWS) {
            corpus.batch(16, random).forEach(e -> drawn.add(Drawn.of(e)));
        }
        return drawn;
    }

    /** Asserts that {@code count} of {@code n} is {@code p} within four standard deviations. */
    private static void assertProportion(double p, long count, long n, String what) {
        double sd = Math.sqrt(p * (1 - p) / n);
        double seen = (double) count / n;
        assertTrue(Math.abs(seen - p) <= 4 * sd, what + ": " + seen + " of " + n + ", expected " + p + " +- " + 4 * sd);
    }

    @Test
    void halfTheSegmentsWithBothSidesGetAnotherVideosVisualWordsAndTheRestTheirOwn() {
        List<Drawn> both = draw().stream().filter(d -> d.example().hasBothSides()).toList();
        assertTrue(both.size() > DRAWS * 0.8, "most segments have both sides: " + both.size());
        long shuffled = both.stream().filter(d -> !d.example().aligned()).count();
        assertProportion(0.5, shuffled, both.size(), "shuffled pairs");
        int[] partnerOfVideo0 = new int[VIDEOS];
        long shuffledFrom0 = 0;
        for (Drawn d : both) {
            if (d.example().aligned()) {
                assertEquals(d.textVideo(), d.visualVideo(), "a true pair keeps its own visual words");
            } else {
                assertNotEquals(d.textVideo(), d.visualVideo(), "a shuffled pair takes another video's visual words");
                if (d.textVideo() == 0) {
                    partnerOfVideo0[d.visualVideo()]++;
                    shuffledFrom0++;
                }
            }
            for (int w : d.visual()) {
                assertEquals(d.visualVideo(), w / 100, "visual words of one segment");
            }
        }
        for (int v = 1; v < VIDEOS; v++) {
            assertProportion(1.0 / 3, partnerOfVideo0[v], shuffledFrom0, "video-0's text paired with video-" + v);
        }
    }

    @Test
    void segmentsWithOneSideAreNeverPairedAndKeepTheirSide() {
        List<Drawn> oneSide = draw().stream().filter(d -> !d.example().hasBothSides()).toList();
        assertFalse(oneSide.isEmpty());
        long textOnly = oneSide.stream().filter(d -> d.visual().isEmpty()).count();
        assertTrue(textOnly > 0 && textOnly < oneSide.size(), "both kinds drawn: " + textOnly + " of " + oneSide.size());
        for (Drawn d : oneSide) {
            assertTrue(d.example().aligned());
            assertTrue(d.text().isEmpty() != d.visual().isEmpty(), "one side only");
        }
    }

    @Test
    void visualWordsAreKeptEverySthFromAnOffsetBelowSWithSUniformFromOneToFive() {
        List<Drawn> withVisual = draw().stream().filter(d -> !d.visual().isEmpty()).toList();
        long[] strides = new long[6];
        long[] offsetsAtFive = new long[5];
        for (Drawn d : withVisual) {
            List<Integer> positions = d.visual().stream().map(w -> w % 100).toList();
            int offset = positions.get(0);
            int stride = positions.size() > 1 ? positions.get(1) - positions.get(0) : VISUAL_LENGTH - offset;
            assertTrue(stride >= 1 && stride <= 5 && offset < stride, "stride " + stride + ", offset " + offset + ": " + positions);
            for (int i = 0; i < positions.size(); i++) {
                assertEquals(offset + i * stride, positions.get(i), "every " + stride + "th word: " + positions);
            }
            assertEquals((VISUAL_LENGTH - offset + stride - 1) / stride, positions.size(), "none left out at the end: " + positions);
            strides[stride]++;
            if (stride == 5) {
                offsetsAtFive[offset]++;
            }
        }
        for (int s = 1; s <= 5; s++) {
            assertProportion(0.2, strides[s], withVisual.size(), "stride " + s);
        }
        for (int o = 0; o < 5; o++) {
            assertProportion(0.2, offsetsAtFive[o], strides[5], "offset " + o + " at stride 5");
        }
    }
}
