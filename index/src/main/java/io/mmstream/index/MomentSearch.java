package io.mmstream.index;

import io.mmstream.index.text.TextEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Finds moments in one or more {@link MomentIndex} readers (a Kafka Streams instance holds one per
 * task; they are searched as one, so BM25 statistics are the whole library's):
 * <ol>
 *   <li>candidates by their words (BM25, the whole query as a phrase boosted; the words said, and the
 *       names of the objects a detector saw in the clips when the library was indexed with objects), by the
 *       meaning of what was said (the
 *       nearest sentence vectors in the HNSW graph), by what was shown (the clips nearest the query in
 *       a trained text-video space, when there is one), and by a picture (the nearest clip features);
 *   <li>lists fused by reciprocal rank (Cormack, Clarke and Büttcher, SIGIR 2009: the sum over lists
 *       of 1 / (60 + rank)); a single list keeps its own scores;
 *   <li>only videos indexed whole (their video entry comes with their last transcript), so a video
 *       half-way through indexing is never shown;
 *   <li>neighbouring hits in one video (less than 2 s apart) merged into one moment, which starts at
 *       the first matched word when words matched.
 * </ol>
 */
public final class MomentSearch {

    /** Reciprocal rank fusion's constant: ranks beyond the first few count little. */
    static final int RRF_K = 60;
    /**
     * The entries found by their words: what was said, and the names of what a detector saw. Only what
     * was said is also found by its meaning: a lone object name is too short for a sentence encoder
     * (Debian's cockatoo video, detected as "dog" in one clip, was the best match for "bird" by meaning).
     */
    private static final java.util.Set<Entry.Kind> WORDS = java.util.EnumSet.of(Entry.Kind.UTTERANCE, Entry.Kind.SHOWN);
    /** Hits closer than this in one video are one moment. */
    static final long MERGE_GAP_US = 2_000_000;
    /** A moment grows by merging up to this long. */
    static final long MAX_MOMENT_US = 30_000_000;
    /**
     * Cosine similarity below which a sentence is not taken to mean what the query means (MiniLM puts
     * unrelated sentences near 0 to 0.2, paraphrases above 0.5). Set before any tuning on the test queries.
     */
    static final double MIN_MEANING_SIMILARITY = 0.3;
    /**
     * The weight in the fusion of the clips found by a CLIP model (what was shown): words said are the
     * surer evidence. Chosen by measurement from 1, 0.5 and 0.25 (bench/search-quality.sh, docs/benchmarks.md).
     */
    static final double SHOWN_WEIGHT = 0.5;

    private final TextEncoder encoder;
    private final SharedSpace space;
    private final double shownWeight;

    /** A search that finds meaning with {@code encoder}, or words only when it is null. */
    public MomentSearch(TextEncoder encoder) {
        this(encoder, null);
    }

    /**
     * A search that finds meaning with {@code encoder} and, when {@code space} is not null, also what
     * was shown: the clips whose vectors in that text-video space are nearest the query's.
     */
    public MomentSearch(TextEncoder encoder, SharedSpace space) {
        this(encoder, space, SHOWN_WEIGHT);
    }

    /** As {@link #MomentSearch(TextEncoder, SharedSpace)}, with the clips of the space weighted {@code shownWeight} in the fusion. */
    public MomentSearch(TextEncoder encoder, SharedSpace space, double shownWeight) {
        this.encoder = encoder;
        this.space = space;
        this.shownWeight = shownWeight;
    }

    /** The moments that best match {@code request} in {@code readers}, best first. */
    public List<Moment> search(List<IndexReader> readers, SearchRequest request) {
        if (readers.isEmpty()) {
            return List.of();
        }
        try (MultiReader reader = new MultiReader(readers.toArray(IndexReader[]::new), false)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            return search(searcher, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Moment> search(IndexSearcher searcher, SearchRequest request) throws IOException {
        int candidates = Math.max(50, request.top() * 5);
        Query words = request.text() == null ? null : wordsQuery(request.text());
        List<List<ScoreDoc>> lists = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        SearchRequest.Ranking ranking = request.ranking();
        if (words != null && (ranking == SearchRequest.Ranking.KEYWORD || ranking == SearchRequest.Ranking.FUSED)) {
            Query q = new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST)
                    .add(MomentIndex.filter(WORDS, request.video()), BooleanClause.Occur.FILTER).build();
            lists.add(List.of(searcher.search(q, candidates).scoreDocs));
            weights.add(1.0);
        }
        if (ranking == SearchRequest.Ranking.SHOWN && space == null) {
            throw new IllegalArgumentException("search by what was shown needs a trained CLIP model: run mmstream pretrain --model clip");
        }
        if (request.text() != null && ranking != SearchRequest.Ranking.KEYWORD && encoder != null) {
            float[] meaning = encoder.encode(request.text());
            if (ranking != SearchRequest.Ranking.SHOWN) {
                ScoreDoc[] near = searcher.search(new KnnFloatVectorQuery(MomentIndex.UTTERANCE_VECTOR, meaning, candidates,
                        MomentIndex.filter(Entry.Kind.UTTERANCE, request.video())), candidates).scoreDocs;
                // the graph always returns k neighbours: keep those at least loosely related
                lists.add(java.util.Arrays.stream(near).filter(d -> 2 * d.score - 1 >= MIN_MEANING_SIMILARITY).toList());
                weights.add(1.0);
            }
            if (space != null && ranking != SearchRequest.Ranking.MEANING) {
                lists.add(List.of(searcher.search(new KnnFloatVectorQuery(MomentIndex.sharedField(space.name()),
                        space.fromSentence(meaning), candidates, MomentIndex.filter(Entry.Kind.CLIP, request.video())),
                        candidates).scoreDocs));
                weights.add(shownWeight);
            }
        }
        if (request.picture() != null) {
            lists.add(List.of(searcher.search(new KnnFloatVectorQuery(MomentIndex.clipField(request.picture().length),
                    request.picture(), candidates, MomentIndex.filter(Entry.Kind.CLIP, request.video())), candidates).scoreDocs));
            weights.add(1.0);
        }
        Map<Integer, Double> fused = fuse(lists, weights);
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        for (int doc : fused.keySet()) {
            entries.put(doc, MomentIndex.entry(searcher.storedFields().document(doc)));
        }
        Map<String, String> complete = completeVideos(searcher,
                entries.values().stream().map(Entry::video).collect(java.util.stream.Collectors.toSet()));
        List<Hit> hits = new ArrayList<>();
        entries.forEach((doc, e) -> {
            if (complete.containsKey(e.video())) {
                hits.add(new Hit(doc, e, complete.get(e.video()), fused.get(doc), null));
            }
        });
        // snippets only for what is shown: the hits of the best moments
        List<List<Hit>> groups = groups(hits);
        groups.sort(Comparator.comparingDouble((List<Hit> g) -> g.stream().mapToDouble(Hit::score).max().orElse(0)).reversed());
        List<List<Hit>> shown = groups.subList(0, Math.min(request.top(), groups.size()));
        List<Hit> toMark = shown.stream().flatMap(List::stream).toList();
        String[] snippets = snippets(searcher, words, toMark.stream().map(Hit::doc).toList());
        Map<Integer, String> byDoc = new HashMap<>();
        for (int i = 0; i < toMark.size(); i++) {
            byDoc.put(toMark.get(i).doc(), snippets[i] != null ? snippets[i] : escape(toMark.get(i).entry().text()));
        }
        List<Moment> moments = new ArrayList<>();
        for (List<Hit> g : shown) {
            moments.add(moment(g.stream().map(h -> h.withSnippet(byDoc.get(h.doc()))).toList()));
        }
        return moments;
    }

    /** A candidate with what is needed to make it a moment. */
    private record Hit(int doc, Entry entry, String path, double score, String snippet) {
        Hit withSnippet(String s) {
            return new Hit(doc, entry, path, score, s);
        }
    }

    /** Reciprocal rank fusion of {@code lists}, each weighted (doc -> score); a single list keeps its own scores. */
    static Map<Integer, Double> fuse(List<List<ScoreDoc>> lists, List<Double> weights) {
        Map<Integer, Double> scores = new LinkedHashMap<>();
        if (lists.size() == 1) {
            lists.get(0).forEach(d -> scores.put(d.doc, (double) d.score));
            return scores;
        }
        for (int l = 0; l < lists.size(); l++) {
            List<ScoreDoc> list = lists.get(l);
            for (int rank = 0; rank < list.size(); rank++) {
                scores.merge(list.get(rank).doc, weights.get(l) / (RRF_K + rank + 1), Double::sum);
            }
        }
        return scores;
    }

    /** The text of each doc with the query's words marked, or null where none matched. */
    private String[] snippets(IndexSearcher searcher, Query words, List<Integer> docs) throws IOException {
        if (words == null || docs.isEmpty()) {
            return new String[docs.size()];
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, MomentIndex.analyzer())
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                .withHighlightPhrasesStrictly(false)
                .withMaxLength(10_000)
                .build();
        return highlighter.highlightFields(new String[] {MomentIndex.TEXT}, words,
                docs.stream().mapToInt(Integer::intValue).toArray(), new int[] {1}).get(MomentIndex.TEXT);
    }

    /** Neighbouring hits of one video, grouped: each group is one moment. */
    private static List<List<Hit>> groups(List<Hit> hits) {
        Map<String, List<Hit>> byVideo = new HashMap<>();
        hits.forEach(h -> byVideo.computeIfAbsent(h.entry().video(), v -> new ArrayList<>()).add(h));
        List<List<Hit>> groups = new ArrayList<>();
        for (List<Hit> inVideo : byVideo.values()) {
            inVideo.sort(Comparator.comparingLong(h -> h.entry().startUs()));
            List<Hit> group = new ArrayList<>();
            for (Hit h : inVideo) {
                if (!group.isEmpty() && (h.entry().startUs() - group.get(group.size() - 1).entry().endUs() > MERGE_GAP_US
                        || h.entry().endUs() - group.get(0).entry().startUs() > MAX_MOMENT_US)) {
                    groups.add(group);
                    group = new ArrayList<>();
                }
                group.add(h);
            }
            groups.add(group);
        }
        return groups;
    }

    private static Moment moment(List<Hit> group) {
        Hit best = group.stream().max(Comparator.comparingDouble(Hit::score)).orElseThrow();
        long start = group.stream().mapToLong(h -> firstMarkedWordUs(h.entry(), h.snippet())).min().orElseThrow();
        long end = group.stream().mapToLong(h -> h.entry().endUs()).max().orElseThrow();
        String snippet = String.join(" … ", group.stream().map(Hit::snippet).filter(s -> !s.isBlank()).toList());
        return new Moment(best.entry().video(), best.path(), start, end, best.score(), snippet);
    }

    /**
     * Where the first word marked in an entry's snippet is said, else where the entry starts. A mark
     * may hold several words (a phrase matched whole); its first word is the one that counts.
     */
    static long firstMarkedWordUs(Entry entry, String snippet) {
        int open = snippet.indexOf("<mark>");
        if (open < 0 || entry.words().isEmpty()) {
            return entry.startUs();
        }
        int close = snippet.indexOf("</mark>", open);
        String[] markedWords = snippet.substring(open + 6, close < 0 ? snippet.length() : close).strip().split("\\s+");
        String marked = normalise(markedWords[0]);
        // which occurrence: count the words before the mark
        String before = snippet.substring(0, open).replaceAll("<[^>]+>", " ");
        int wordsBefore = before.isBlank() ? 0 : before.strip().split("\\s+").length;
        List<Entry.TimedWord> words = entry.words();
        for (int i = Math.min(wordsBefore, words.size() - 1); i < words.size(); i++) {
            if (normalise(words.get(i).text()).equals(marked)) {
                return words.get(i).startUs();
            }
        }
        return entry.startUs();
    }

    private static String normalise(String word) {
        return word.toLowerCase(java.util.Locale.ROOT).replaceAll("&#39;|&apos;", "'").replaceAll("[^\\p{L}\\p{N}']", "");
    }

    /**
     * The query for {@code text}: its content words (any of them, by BM25; "the", "is", "a" alone would
     * match everything), and the whole text as a loose phrase, boosted, with every word (the index keeps
     * them all, so "to be or not to be" is found).
     */
    static Query wordsQuery(String text) {
        String escaped = QueryParser.escape(text.replace("\"", " "));
        try {
            Query words = new QueryParser(MomentIndex.TEXT, new org.apache.lucene.analysis.en.EnglishAnalyzer()).parse(escaped);
            Query phrase = new QueryParser(MomentIndex.TEXT, MomentIndex.analyzer()).parse("\"" + escaped + "\"~3^3");
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            if (!(words instanceof BooleanQuery bq && bq.clauses().isEmpty())) {
                b.add(words, BooleanClause.Occur.SHOULD);
            }
            return b.add(phrase, BooleanClause.Occur.SHOULD).build();
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot read the query: " + e.getMessage(), e);
        }
    }

    /** Which of {@code videos} are indexed whole (they have their video entry): video id -> path. */
    private static Map<String, String> completeVideos(IndexSearcher searcher, java.util.Set<String> videos) throws IOException {
        Map<String, String> complete = new HashMap<>();
        if (videos.isEmpty()) {
            return complete;
        }
        BooleanQuery.Builder anyOf = new BooleanQuery.Builder();
        videos.forEach(v -> anyOf.add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(MomentIndex.VIDEO, v)),
                BooleanClause.Occur.SHOULD));
        Query q = new BooleanQuery.Builder().add(anyOf.build(), BooleanClause.Occur.MUST)
                .add(new org.apache.lucene.search.TermQuery(new org.apache.lucene.index.Term(MomentIndex.KIND, Entry.Kind.VIDEO.name())),
                        BooleanClause.Occur.FILTER).build();
        for (ScoreDoc d : searcher.search(q, videos.size()).scoreDocs) {
            Entry e = MomentIndex.entry(searcher.storedFields().document(d.doc));
            complete.put(e.video(), e.path());
        }
        return complete;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
