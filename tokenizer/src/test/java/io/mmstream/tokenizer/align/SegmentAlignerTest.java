package io.mmstream.tokenizer.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.tokenizer.align.SegmentAligner.Segment;
import io.mmstream.tokenizer.align.SegmentAligner.Sentence;
import io.mmstream.tokenizer.align.SegmentAligner.VisualWord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Alignment on constructed timelines, whichever side arrives first or late. */
class SegmentAlignerTest {

    /** Clips of 1.5 s from 0 (middles at 0.75, 2.25, 3.75 ...), word = clip index + 100. */
    private static List<VisualWord> clips(int n) {
        List<VisualWord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new VisualWord(i, i * 1_500_000L, (i + 1) * 1_500_000L, 100 + i));
        }
        return out;
    }

    private static final List<Sentence> SENTENCES = List.of(
            new Sentence(1_000_000, 3_000_000, "first sentence"),
            new Sentence(5_000_000, 6_500_000, "second sentence"),
            new Sentence(6_600_000, 6_700_000, "a word"));

    /** What the timeline must give: clips by index per segment, text or "" for visual-only. */
    private static List<String> expected() {
        List<String> e = new ArrayList<>(List.of(
                "[0]", "first sentence [1]", "[2]", "second sentence [3]", "a word []"));
        // clips 4..39 are unspoken: chunks of 16, 16 and 4
        e.add(range(4, 20));
        e.add(range(20, 36));
        e.add(range(36, 40));
        return e;
    }

    private static String range(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(Integer.toString(i));
        }
        return "[" + String.join(", ", ids) + "]";
    }

    private static String describe(Segment s) {
        String clips = s.visual().stream().map(w -> Long.toString(w.clipIndex())).toList().toString();
        return s.text().isEmpty() ? clips : s.text() + " " + clips;
    }

    /** Feeds both sides interleaved by {@code random} (each in its own order), ends included; returns the segments. */
    private static List<String> run(Random random, boolean replayHalfway) {
        List<Object> text = new ArrayList<>(SENTENCES);
        text.add("end text");
        List<Object> visual = new ArrayList<>(clips(40));
        visual.add("end visual");
        SegmentAligner aligner = new SegmentAligner();
        List<String> out = new ArrayList<>();
        int t = 0;
        int v = 0;
        while (t < text.size() || v < visual.size()) {
            boolean fromText = v == visual.size() || (t < text.size() && random.nextBoolean());
            Object next = fromText ? text.get(t++) : visual.get(v++);
            List<Segment> done;
            if (next instanceof Sentence s) {
                done = aligner.add(s);
            } else if (next instanceof VisualWord w) {
                done = aligner.add(w);
            } else if (next.equals("end text")) {
                done = aligner.endText();
            } else {
                done = aligner.endVisual();
            }
            done.forEach(s -> out.add(describe(s)));
            if (replayHalfway && v == 20) {
                // a restart: the state is restored from the store and some input arrives again
                aligner = SegmentAligner.fromBytes(aligner.toBytes());
                for (VisualWord w : clips(20)) {
                    aligner.add(w).forEach(s -> out.add(describe(s)));
                }
                aligner.add(SENTENCES.get(0)).forEach(s -> out.add(describe(s)));
            }
        }
        assertTrue(aligner.finished());
        return out;
    }

    @Test
    void sentencesFirstThenClips() {
        SegmentAligner a = new SegmentAligner();
        List<String> out = new ArrayList<>();
        SENTENCES.forEach(s -> a.add(s).forEach(x -> out.add(describe(x))));
        a.endText().forEach(x -> out.add(describe(x)));
        assertEquals(List.of(), out, "nothing is complete without the clips");
        clips(40).forEach(w -> a.add(w).forEach(x -> out.add(describe(x))));
        a.endVisual().forEach(x -> out.add(describe(x)));
        assertEquals(expected(), out);
    }

    @Test
    void clipsFirstThenSentences() {
        SegmentAligner a = new SegmentAligner();
        List<String> out = new ArrayList<>();
        clips(40).forEach(w -> a.add(w).forEach(x -> out.add(describe(x))));
        a.endVisual().forEach(x -> out.add(describe(x)));
        assertEquals(List.of(), out, "no clip is known to be unspoken before the sentences come");
        SENTENCES.forEach(s -> a.add(s).forEach(x -> out.add(describe(x))));
        assertEquals(expected().subList(0, 5), out, "each sentence and the stretch before it, once it arrives");
        a.endText().forEach(x -> out.add(describe(x)));
        assertEquals(expected(), out);
    }

    @Test
    void anyInterleavingGivesTheSameSegments() {
        for (long seed = 0; seed < 200; seed++) {
            assertEquals(expected(), run(new Random(seed), false), "seed " + seed);
        }
    }

    @Test
    void aRestoredStateAndReplayedInputChangeNothing() {
        for (long seed = 0; seed < 50; seed++) {
            assertEquals(expected(), run(new Random(seed), true), "seed " + seed);
        }
    }

    @Test
    void visualOnlySegmentsAreCutAtSixteenWordsAsSoonAsKnown() {
        SegmentAligner a = new SegmentAligner();
        a.add(new Sentence(0, 1_000_000, "hello"));
        List<Segment> out = new ArrayList<>();
        for (VisualWord w : clips(40)) {
            out.addAll(a.add(w));
        }
        // the sentence, then nothing more: without more text, later clips might still be spoken
        assertEquals(1, out.size());
        out.addAll(a.add(new Sentence(59_000_000, 60_000_000, "bye")));
        assertEquals(List.of("hello [0]", range(1, 17), range(17, 33), range(33, 39), "bye [39]"),
                out.stream().map(SegmentAlignerTest::describe).toList());
    }
}
