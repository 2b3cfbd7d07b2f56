package io.mmstream.streams.bench;

import io.mmstream.index.text.MiniLmEncoder;
import io.mmstream.streams.search.IndexFolders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;

/**
 * HNSW recall@10 of the index's sentence vectors against an exact scan of all of them, for QUERIES
 * query sentences (encoded by the same MiniLM): the share of the true 10 nearest that the graph
 * search returns. Usage: {@code HnswRecall DATA_DIR QUERIES}; run by bench/search-latency.sh.
 */
public final class HnswRecall {

    private static final String FIELD = "utterance_vector";
    private static final int K = 10;

    private HnswRecall() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int queries = Integer.parseInt(args[1]);
        try (IndexFolders folders = IndexFolders.open(dataDir); MiniLmEncoder encoder = MiniLmEncoder.load(dataDir.resolve("cache"));
                MultiReader reader = new MultiReader(folders.readers().toArray(IndexReader[]::new), false)) {
            List<float[]> vectors = new ArrayList<>();
            List<Integer> docs = new ArrayList<>();
            for (LeafReaderContext leaf : reader.leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(FIELD);
                if (values == null) {
                    continue;
                }
                var live = leaf.reader().getLiveDocs();
                for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        vectors.add(values.vectorValue().clone());
                        docs.add(leaf.docBase + doc);
                    }
                }
            }
            java.util.Map<Integer, Integer> position = new java.util.HashMap<>();
            for (int i = 0; i < docs.size(); i++) {
                position.put(docs.get(i), i);
            }
            IndexSearcher searcher = new IndexSearcher(reader);
            for (int k : new int[] {K, 50}) {
                measure(searcher, encoder, vectors, docs, position, queries, k);
            }
        }
    }

    /** Recall@10 of graph searches asking for {@code k} neighbours (search asks for 50 and keeps the best). */
    private static void measure(IndexSearcher searcher, MiniLmEncoder encoder, List<float[]> vectors, List<Integer> docs,
            java.util.Map<Integer, Integer> position, int queries, int k) throws java.io.IOException {
        {
            Random random = new Random(3);
            double found = 0;
            long graphNs = 0;
            long scanNs = 0;
            for (int q = 0; q < queries; q++) {
                float[] query = encoder.encode(q % 2 == 0 ? SearchCorpus.sentence(random) : SearchCorpus.sentence(random).split(" ", 3)[2]);
                long t0 = System.nanoTime();
                ScoreDoc[] graph = searcher.search(new KnnFloatVectorQuery(FIELD, query, k), K).scoreDocs;
                long t1 = System.nanoTime();
                PriorityQueue<double[]> best = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
                for (int i = 0; i < vectors.size(); i++) {
                    float[] v = vectors.get(i);
                    double dot = 0;
                    for (int d = 0; d < v.length; d++) {
                        dot += v[d] * query[d];
                    }
                    best.add(new double[] {dot, docs.get(i)});
                    if (best.size() > K) {
                        best.poll();
                    }
                }
                scanNs += System.nanoTime() - t1;
                graphNs += t1 - t0;
                // a graph hit counts when it is as near as the 10th true neighbour (the corpus repeats sentences: ties)
                double tenth = best.peek()[0];
                for (ScoreDoc d : graph) {
                    float[] v = vectors.get(position.get(d.doc));
                    double dot = 0;
                    for (int i = 0; i < v.length; i++) {
                        dot += v[i] * query[i];
                    }
                    found += dot >= tenth - 1e-6 ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "HNSW recall@%d asking for %d neighbours, over %,d vectors, %d queries: %.3f (graph %.2f ms a"
                    + " query, exact scan %.1f ms)%n", K, k, vectors.size(), queries, found / (queries * (double) K), graphNs / 1e6 / queries,
                    scanNs / 1e6 / queries);
        }
    }
}
