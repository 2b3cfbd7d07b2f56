package io.mmstream.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.index.text.TextEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index and its search on generated utterances: words, phrases, times, filters, merging, meaning by a stub encoder. */
class MomentSearchTest {

    @TempDir
    Path folder;

    private MomentIndex index;

    @BeforeEach
    void open() throws Exception {
        index = MomentIndex.open(folder);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    /** An utterance whose words are spoken 400 ms each from {@code startS}. */
    private static Entry utterance(String video, double startS, String text, float[] vector) {
        List<Entry.TimedWord> words = new ArrayList<>();
        long t = (long) (startS * 1e6);
        for (String w : text.split(" ")) {
            words.add(new Entry.TimedWord(w, t, t + 400_000));
            t += 400_000;
        }
        return new Entry(video, Entry.Kind.UTTERANCE, (long) (startS * 1e6), t, text, words, "", vector);
    }

    private List<Moment> search(String text, SearchRequest.Ranking ranking, MomentSearch search) {
        index.refresh();
        try (MomentIndex.Snapshot s = index.snapshot()) {
            return search.search(List.of(s.reader()), new SearchRequest(text, null, null, 5, ranking));
        }
    }

    private void library() {
        index.put(Entry.video("a", "/lib/cooking.mp4", 60_000_000), null);
        index.put(Entry.video("b", "/lib/garden.mp4", 60_000_000), null);
        index.put(utterance("a", 1, "first we chop the onions finely", null), null);
        index.put(utterance("a", 10, "then fry them in butter until golden", null), null);
        index.put(utterance("a", 40, "the onions must not burn", null), null);
        index.put(utterance("b", 5, "plant the bulbs in autumn", null), null);
        index.put(utterance("b", 20, "water them every morning", null), null);
    }

    @Test
    void wordsFindTheirMomentWithTheMatchMarkedAndTimedToTheWord() {
        library();
        List<Moment> moments = search("fry in butter", SearchRequest.Ranking.KEYWORD, new MomentSearch(null));
        Moment best = moments.get(0);
        assertEquals("a", best.video());
        assertEquals("/lib/cooking.mp4", best.path());
        assertEquals(10_400_000, best.startUs(), "the moment starts at the first matched word, 'fry'");
        assertTrue(best.snippet().contains("<mark>fry</mark>"), best.snippet());
        assertTrue(best.snippet().contains("<mark>butter</mark>"), best.snippet());
    }

    @Test
    void aMarkOfSeveralWordsIsTimedToItsFirstWord() {
        Entry said = utterance("a", 0, "he was not an ill disposed young man", null);
        assertEquals(1_600_000, MomentSearch.firstMarkedWordUs(said, "he was not an <mark>ill disposed</mark> young man"));
        assertEquals(2_400_000, MomentSearch.firstMarkedWordUs(said, "he was not an ill disposed <mark>young</mark> man"));
        assertEquals(0, MomentSearch.firstMarkedWordUs(said, "he was not an ill disposed young man"), "no mark: where it starts");
    }

    @Test
    void stemsMatchAndPhrasesRankFirst() {
        library();
        index.put(utterance("b", 30, "onions chopped and then burned", null), null);
        List<Moment> moments = search("onions must not burn", SearchRequest.Ranking.KEYWORD, new MomentSearch(null));
        assertEquals(40_400_000, moments.get(0).startUs(), "the exact phrase first, from its first word");
        assertTrue(moments.stream().anyMatch(m -> m.video().equals("b")), "'burned' matches 'burn'");
    }

    @Test
    void neighbouringHitsInOneVideoMergeAndFiltersHold() {
        index.put(Entry.video("a", "/lib/a.mp4", -1), null);
        index.put(utterance("a", 0, "the red fox", null), null); // ends at 1.2 s
        index.put(utterance("a", 2, "jumps over the red fence", null), null); // 0.8 s later: the same moment
        index.put(utterance("a", 30, "a red sky", null), null);
        List<Moment> moments = search("red", SearchRequest.Ranking.KEYWORD, new MomentSearch(null));
        assertEquals(2, moments.size(), moments.toString());
        Moment merged = moments.stream().filter(m -> m.startUs() < 10_000_000).findFirst().orElseThrow();
        assertEquals(4_000_000, merged.endUs());
        index.refresh();
        try (MomentIndex.Snapshot s = index.snapshot()) {
            assertTrue(new MomentSearch(null).search(List.of(s.reader()), new SearchRequest("red", null, "zzz", 5, null)).isEmpty(),
                    "the video filter holds");
        }
    }

    @Test
    void aVideoNotYetIndexedWholeIsNotShownAndPuttingTwiceIsPuttingOnce() {
        index.put(utterance("c", 0, "half way through", null), null);
        assertTrue(search("half", SearchRequest.Ranking.KEYWORD, new MomentSearch(null)).isEmpty());
        index.put(Entry.video("c", "/lib/c.mp4", 1), null);
        index.put(utterance("c", 0, "half way through", null), null);
        index.refresh();
        assertEquals(2, index.count(), "one video entry and one utterance");
        assertEquals(1, search("half", SearchRequest.Ranking.KEYWORD, new MomentSearch(null)).size());
        index.deleteVideoEntries("c");
        index.refresh();
        assertEquals(0, index.count());
    }

    @Test
    void meaningFindsOtherWordsAndFusionKeepsBoth() {
        // a stub encoder: each text's vector is a fixed random direction per topic word it contains
        TextEncoder topics = new TextEncoder() {
            @Override public String name() { return "topics"; }
            @Override public int dimension() { return 16; }
            @Override public List<float[]> encode(List<String> texts) {
                return texts.stream().map(t -> topicVector(t.contains("cook") || t.contains("fry") || t.contains("onion") ? 1 : 2)).toList();
            }
        };
        index.put(Entry.video("a", "/lib/a.mp4", -1), null);
        index.put(utterance("a", 0, "fry the onions", topicVector(1)), null);
        index.put(utterance("a", 30, "plant the bulbs", topicVector(2)), null);
        MomentSearch search = new MomentSearch(topics);
        assertEquals(0, search("how to cook", SearchRequest.Ranking.MEANING, search).get(0).startUs(), "no shared word, same meaning");
        List<Moment> fused = search("plant onions", SearchRequest.Ranking.FUSED, search);
        assertEquals(2, fused.size());
    }

    @Test
    void badQueriesAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> new SearchRequest("   ", null, null, 5, null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SearchRequest("a".repeat(501), null, null, 5, null))
                .getMessage().contains("at most 500"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SearchRequest("bad\u0000query", null, null, 5, null))
                .getMessage().contains("control characters"));
        assertThrows(IllegalArgumentException.class, () -> new SearchRequest("ok", null, null, 0, null));
        // characters Lucene's syntax would choke on are taken literally
        library();
        search("onions AND (\"fry", SearchRequest.Ranking.KEYWORD, new MomentSearch(null));
    }

    private static float[] topicVector(int topic) {
        Random r = new Random(topic);
        float[] v = new float[16];
        double n = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }
}
