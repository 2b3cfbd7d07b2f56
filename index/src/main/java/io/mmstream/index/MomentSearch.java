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
 *   <li>candidates by their words (BM25, the whole query as a phrase boosted), by their meaning (the
 *       nearest sentence vectors in the HNSW graph), and by a picture (the nearest clip features);
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
    /** Hits closer than this in one video are one moment. */
    static final long MERGE_GAP_US = 2_000_000;
    /** A moment grows by merging up to this long. */
    static final long MAX_MOMENT_US = 30_000_000;
    /**
     * Cosine similarity below which a sentence is not taken to mean what the query means (MiniLM puts
     * unrelated sentences near 0 to 0.2, paraphrases above 0.5). Set before any tuning on the test queries.
     */
    static final double MIN_MEANING_SIMILARITY = 0.3;

    private final TextEncoder encoder;

    /** A search that finds meaning with {@code encoder}, or words only when it is null. */
    public MomentSearch(TextEncoder encoder) {
        this.encoder = encoder;
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
        Map<String, String> complete = completeVideos(searcher, request.video());
        if (complete.isEmpty()) {
            return List.of();
        }
        int candidates = Math.max(50, request.top() * 5);
        Query words = request.text() == null ? null : wordsQuery(request.text());
        List<List<ScoreDoc>> lists = new ArrayList<>();
        if (words != null && request.ranking() != SearchRequest.Ranking.MEANING) {
            Query q = new BooleanQuery.Builder().add(words, BooleanClause.Occur.MUST)
                    .add(MomentIndex.filter(Entry.Kind.UTTERANCE, request.video()), BooleanClause.Occur.FILTER).build();
            lists.add(List.of(searcher.search(q, candidates).scoreDocs));
        }
        if (request.text() != null && request.ranking() != SearchRequest.Ranking.KEYWORD && encoder != null) {
            float[] meaning = encoder.encode(request.text());
            ScoreDoc[] near = searcher.search(new KnnFloatVectorQuery(MomentIndex.UTTERANCE_VECTOR, meaning, candidates,
                    MomentIndex.filter(Entry.Kind.UTTERANCE, request.video())), candidates).scoreDocs;
            // the graph always returns k neighbours: keep those at least loosely related
            lists.add(java.util.Arrays.stream(near).filter(d -> 2 * d.score - 1 >= MIN_MEANING_SIMILARITY).toList());
        }
        if (request.picture() != null) {
            lists.add(List.of(searcher.search(new KnnFloatVectorQuery(MomentIndex.clipField(request.picture().length),
                    request.picture(), candidates, MomentIndex.filter(Entry.Kind.CLIP, request.video())), candidates).scoreDocs));
        }
        Map<Integer, Double> fused = fuse(lists);
        List<Hit> hits = hits(searcher, fused, complete, words);
        return merge(hits).stream().limit(request.top()).toList();
    }

    /** A candidate with what is needed to make it a moment. */
    private record Hit(Entry entry, String path, double score, String snippet) {}

    /** Reciprocal rank fusion of {@code lists} (doc -> score); a single list keeps its own scores. */
    static Map<Integer, Double> fuse(List<List<ScoreDoc>> lists) {
        Map<Integer, Double> scores = new LinkedHashMap<>();
        if (lists.size() == 1) {
            lists.get(0).forEach(d -> scores.put(d.doc, (double) d.score));
            return scores;
        }
        for (List<ScoreDoc> list : lists) {
            for (int rank = 0; rank < list.size(); rank++) {
                scores.merge(list.get(rank).doc, 1.0 / (RRF_K + rank + 1), Double::sum);
            }
        }
        return scores;
    }

    private List<Hit> hits(IndexSearcher searcher, Map<Integer, Double> scores, Map<String, String> complete, Query words)
            throws IOException {
        List<Integer> docs = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (int doc : scores.keySet()) {
            Entry e = MomentIndex.entry(searcher.storedFields().document(doc));
            if (complete.containsKey(e.video())) {
                docs.add(doc);
                entries.add(e);
            }
        }
        String[] snippets = snippets(searcher, words, docs);
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            Entry e = entries.get(i);
            String snippet = snippets[i] != null ? snippets[i] : escape(e.text());
            hits.add(new Hit(e, complete.get(e.video()), scores.get(docs.get(i)), snippet));
        }
        return hits;
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

    /** Neighbouring hits of one video as one moment; moments best first. */
    private static List<Moment> merge(List<Hit> hits) {
        Map<String, List<Hit>> byVideo = new HashMap<>();
        hits.forEach(h -> byVideo.computeIfAbsent(h.entry().video(), v -> new ArrayList<>()).add(h));
        List<Moment> moments = new ArrayList<>();
        for (List<Hit> inVideo : byVideo.values()) {
            inVideo.sort(Comparator.comparingLong(h -> h.entry().startUs()));
            List<Hit> group = new ArrayList<>();
            for (Hit h : inVideo) {
                if (!group.isEmpty() && (h.entry().startUs() - group.get(group.size() - 1).entry().endUs() > MERGE_GAP_US
                        || h.entry().endUs() - group.get(0).entry().startUs() > MAX_MOMENT_US)) {
                    moments.add(moment(group));
                    group = new ArrayList<>();
                }
                group.add(h);
            }
            moments.add(moment(group));
        }
        moments.sort(Comparator.comparingDouble(Moment::score).reversed());
        return moments;
    }

    private static Moment moment(List<Hit> group) {
        Hit best = group.stream().max(Comparator.comparingDouble(Hit::score)).orElseThrow();
        long start = group.stream().mapToLong(h -> firstMarkedWordUs(h)).min().orElseThrow();
        long end = group.stream().mapToLong(h -> h.entry().endUs()).max().orElseThrow();
        String snippet = String.join(" … ", group.stream().map(Hit::snippet).filter(s -> !s.isBlank()).toList());
        return new Moment(best.entry().video(), best.path(), start, end, best.score(), snippet);
    }

    /** Where the first word marked in the hit's snippet is said, else where the hit starts. */
    static long firstMarkedWordUs(Hit hit) {
        int open = hit.snippet().indexOf("<mark>");
        if (open < 0 || hit.entry().words().isEmpty()) {
            return hit.entry().startUs();
        }
        int close = hit.snippet().indexOf("</mark>", open);
        String marked = normalise(hit.snippet().substring(open + 6, close < 0 ? hit.snippet().length() : close));
        // which occurrence: count the words before the mark
        String before = hit.snippet().substring(0, open).replaceAll("<[^>]+>", " ");
        int wordsBefore = before.isBlank() ? 0 : before.strip().split("\\s+").length;
        List<Entry.TimedWord> words = hit.entry().words();
        for (int i = Math.min(wordsBefore, words.size() - 1); i < words.size(); i++) {
            if (normalise(words.get(i).text()).equals(marked)) {
                return words.get(i).startUs();
            }
        }
        return hit.entry().startUs();
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

    /** The video entries (restricted to {@code video} when given): video id -> path. */
    private static Map<String, String> completeVideos(IndexSearcher searcher, String video) throws IOException {
        Map<String, String> videos = new HashMap<>();
        Query q = MomentIndex.filter(Entry.Kind.VIDEO, video);
        TopDocs top = searcher.search(q, Math.max(1, searcher.getIndexReader().maxDoc()));
        for (ScoreDoc d : top.scoreDocs) {
            Entry e = MomentIndex.entry(searcher.storedFields().document(d.doc));
            videos.put(e.video(), e.path());
        }
        return videos;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
