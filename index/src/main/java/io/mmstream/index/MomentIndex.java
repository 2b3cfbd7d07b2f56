package io.mmstream.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A Lucene index of {@link Entry entries}: one writer, near-real-time searchers from a
 * {@link SearcherManager}, and fields chosen per use:
 * <ul>
 *   <li>{@code text}: the words said, analysed for English (stems, no stop words dropped, so phrases
 *       like "to be or not to be" still match), with offsets for highlighting; searched with BM25;
 *   <li>{@code utterance_vector}: the meaning of what was said, and {@code clip_<d>}: the look of a
 *       clip (one field per feature length), and {@code shared:<space>}: a clip in a trained text-video
 *       space, all unit vectors in HNSW graphs (dot product);
 *   <li>{@code video}, {@code kind}, {@code key}: exact filters; {@code start}: time, sortable;
 *   <li>{@code payload}: bytes the caller keeps with each entry (what a Kafka Streams store logs).
 * </ul>
 * Every entry has a unique key ({@link Entry#key()}): putting an entry again replaces it, so feeding
 * the same records twice leaves the index as feeding them once.
 */
public final class MomentIndex implements Closeable {

    static final String KEY = "key";
    static final String VIDEO = "video";
    static final String KIND = "kind";
    static final String START = "start";
    static final String END = "end";
    static final String TEXT = "text";
    static final String WORDS = "words";
    static final String PATH = "path";
    static final String PAYLOAD = "payload";
    static final String UTTERANCE_VECTOR = "utterance_vector";

    /** Text with positions and offsets: phrase queries, and highlighting without re-analysis. */
    private static final FieldType TEXT_TYPE = new FieldType();

    static {
        TEXT_TYPE.setTokenized(true);
        TEXT_TYPE.setStored(true);
        TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_TYPE.freeze();
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;

    private MomentIndex(Directory directory, IndexWriter writer, Analyzer analyzer) throws IOException {
        this.directory = directory;
        this.writer = writer;
        this.analyzer = analyzer;
        this.searchers = new SearcherManager(writer, null);
    }

    /**
     * Opens the index in {@code folder}, creating it when empty. Throws {@link IOException} when the
     * folder holds an index Lucene cannot read (corrupt, or written by another version): such an index
     * is not to be trusted, and its owner rebuilds it.
     */
    public static MomentIndex open(Path folder) throws IOException {
        Directory directory = FSDirectory.open(folder);
        Analyzer analyzer = analyzer();
        try {
            if (DirectoryReader.indexExists(directory)) {
                // reading every segment's header and checksummed footer finds a damaged or foreign index now
                try (DirectoryReader check = DirectoryReader.open(directory)) {
                    check.numDocs();
                }
            }
            IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(false);
            return new MomentIndex(directory, new IndexWriter(directory, config), analyzer);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e instanceof IOException io ? io : new IOException("cannot open the index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** English analysis: lower case, possessives and plurals folded, Porter stems; no word is dropped. */
    static Analyzer analyzer() {
        return new EnglishAnalyzer(CharArraySet.EMPTY_SET);
    }

    Analyzer textAnalyzer() {
        return analyzer;
    }

    /** Adds {@code entry}, replacing any with its key; {@code payload} is kept with it. */
    public void put(Entry entry, byte[] payload) {
        Document doc = new Document();
        doc.add(new StringField(KEY, entry.key(), Field.Store.YES));
        doc.add(new StringField(VIDEO, entry.video(), Field.Store.YES));
        doc.add(new StringField(KIND, entry.kind().name(), Field.Store.YES));
        doc.add(new LongPoint(START, entry.startUs()));
        doc.add(new NumericDocValuesField(START, entry.startUs()));
        doc.add(new StoredField(START, entry.startUs()));
        doc.add(new StoredField(END, entry.endUs()));
        if (!entry.text().isEmpty()) {
            doc.add(new Field(TEXT, entry.text(), TEXT_TYPE));
        }
        if (!entry.words().isEmpty()) {
            doc.add(new StoredField(WORDS, WordTimes.pack(entry.words())));
        }
        if (!entry.path().isEmpty()) {
            doc.add(new StoredField(PATH, entry.path()));
        }
        if (entry.vector() != null) {
            String field = entry.kind() == Entry.Kind.CLIP ? clipField(entry.vector().length) : UTTERANCE_VECTOR;
            doc.add(new KnnFloatVectorField(field, entry.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        if (entry.shared() != null) {
            doc.add(new KnnFloatVectorField(sharedField(entry.shared().space()), entry.shared().vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        if (payload != null) {
            doc.add(new StoredField(PAYLOAD, payload));
        }
        try {
            writer.updateDocument(new Term(KEY, entry.key()), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field holding clip vectors of {@code dimension} numbers (features of different extractors never mix). */
    static String clipField(int dimension) {
        return "clip_" + dimension;
    }

    /** The field holding the vectors of the shared text-video space {@code space}. */
    static String sharedField(String space) {
        return "shared:" + space;
    }

    /** Removes the entry with {@code key}, if any. */
    public void delete(String key) {
        try {
            writer.deleteDocuments(new Term(KEY, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every entry of {@code video} (its file was deleted or changed). */
    public void deleteVideoEntries(String video) {
        try {
            writer.deleteDocuments(new Term(VIDEO, video));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload kept with the entry of {@code key}, or null. */
    public byte[] payload(String key) {
        return withSearcher(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(KEY, key)), 1);
            if (top.scoreDocs.length == 0) {
                return null;
            }
            var stored = searcher.storedFields().document(top.scoreDocs[0].doc).getBinaryValue(PAYLOAD);
            return stored == null ? null : java.util.Arrays.copyOfRange(stored.bytes, stored.offset, stored.offset + stored.length);
        });
    }

    /** The keys of the entries of {@code video}. */
    public List<String> keysOf(String video) {
        return withSearcher(searcher -> {
            List<String> keys = new ArrayList<>();
            TopDocs all = searcher.search(new TermQuery(new Term(VIDEO, video)), Math.max(1, searcher.getIndexReader().maxDoc()));
            for (ScoreDoc d : all.scoreDocs) {
                keys.add(searcher.storedFields().document(d.doc).get(KEY));
            }
            return keys;
        });
    }

    /** Every entry's key and payload, in no particular order. */
    public void forEachPayload(BiConsumer<String, byte[]> action) {
        withSearcher(searcher -> {
            TopDocs all = searcher.search(new MatchAllDocsQuery(), Math.max(1, searcher.getIndexReader().maxDoc()));
            for (ScoreDoc d : all.scoreDocs) {
                Document doc = searcher.storedFields().document(d.doc);
                var stored = doc.getBinaryValue(PAYLOAD);
                action.accept(doc.get(KEY), stored == null ? null
                        : java.util.Arrays.copyOfRange(stored.bytes, stored.offset, stored.offset + stored.length));
            }
            return null;
        });
    }

    /** The entries of {@code video} of {@code kind} (without their vectors), in time order. */
    public List<Entry> entriesOf(String video, Entry.Kind kind) {
        return withSearcher(searcher -> entriesOf(searcher, video, kind));
    }

    private static List<Entry> entriesOf(IndexSearcher searcher, String video, Entry.Kind kind) throws IOException {
        List<Entry> entries = new ArrayList<>();
        TopDocs all = searcher.search(filter(kind, video), Math.max(1, searcher.getIndexReader().maxDoc()));
        for (ScoreDoc d : all.scoreDocs) {
            entries.add(entry(searcher.storedFields().document(d.doc)));
        }
        entries.sort(java.util.Comparator.comparingLong(Entry::startUs));
        return entries;
    }

    /** How many entries the index holds. */
    public int count() {
        return withSearcher(searcher -> searcher.getIndexReader().numDocs());
    }

    /** The video entries, by video id. */
    public Map<String, Entry> videos() {
        return withSearcher(MomentIndex::videos);
    }

    /** The video entries that {@code readers} hold together, by video id. */
    public static Map<String, Entry> videos(List<org.apache.lucene.index.IndexReader> readers) {
        return overAll(readers, MomentIndex::videos);
    }

    /** The entries of {@code video} of {@code kind} that {@code readers} hold together, in time order. */
    public static List<Entry> entriesOf(List<org.apache.lucene.index.IndexReader> readers, String video, Entry.Kind kind) {
        return overAll(readers, searcher -> entriesOf(searcher, video, kind));
    }

    private static <T> T overAll(List<org.apache.lucene.index.IndexReader> readers, SearcherWork<T> work) {
        try (org.apache.lucene.index.MultiReader all = new org.apache.lucene.index.MultiReader(
                readers.toArray(org.apache.lucene.index.IndexReader[]::new), false)) {
            return work.apply(new IndexSearcher(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Entry> videos(IndexSearcher searcher) throws IOException {
        Map<String, Entry> videos = new HashMap<>();
        Query q = new TermQuery(new Term(KIND, Entry.Kind.VIDEO.name()));
        for (ScoreDoc d : searcher.search(q, Math.max(1, searcher.getIndexReader().maxDoc())).scoreDocs) {
            Entry e = entry(searcher.storedFields().document(d.doc));
            videos.put(e.video(), e);
        }
        return videos;
    }

    /** A point-in-time view of the index for searching; close it when done. */
    public Snapshot snapshot() {
        try {
            return new Snapshot(searchers, searchers.acquire());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A searcher held until closed: what {@link MomentSearch} reads. */
    public static final class Snapshot implements AutoCloseable {
        private final SearcherManager manager;
        private final IndexSearcher searcher;

        private Snapshot(SearcherManager manager, IndexSearcher searcher) {
            this.manager = manager;
            this.searcher = searcher;
        }

        public org.apache.lucene.index.IndexReader reader() {
            return searcher.getIndexReader();
        }

        @Override
        public void close() {
            try {
                manager.release(searcher);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Makes what was put so far visible to searches (near real time, without a commit). */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes what was put so far durable. */
    public void commit() {
        try {
            writer.commit();
            searchers.maybeRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A filter to the entries of {@code kind}, of {@code video} when not null. */
    static Query filter(Entry.Kind kind, String video) {
        return filter(java.util.EnumSet.of(kind), video);
    }

    /** Entries of any of {@code kinds}, of {@code video} when it is not null. */
    static Query filter(java.util.Set<Entry.Kind> kinds, String video) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        kinds.forEach(k -> any.add(new TermQuery(new Term(KIND, k.name())), BooleanClause.Occur.SHOULD));
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(any.build(), BooleanClause.Occur.FILTER);
        if (video != null) {
            b.add(new TermQuery(new Term(VIDEO, video)), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    /** What a search does with a searcher. */
    @FunctionalInterface
    interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** Runs {@code work} on the current searcher (acquired and released around it). */
    <T> T withSearcher(SearcherWork<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry a stored document holds (without its vector). */
    static Entry entry(Document doc) {
        var words = doc.getBinaryValue(WORDS);
        return new Entry(doc.get(VIDEO), Entry.Kind.valueOf(doc.get(KIND)), doc.getField(START).numericValue().longValue(),
                doc.getField(END).numericValue().longValue(), doc.get(TEXT) == null ? "" : doc.get(TEXT),
                words == null ? List.of() : WordTimes.unpack(words), doc.get(PATH), null);
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.rollback();
        directory.close();
    }

    /** Commits, then closes. */
    public void commitAndClose() throws IOException {
        writer.commit();
        searchers.close();
        writer.close();
        directory.close();
    }
}
