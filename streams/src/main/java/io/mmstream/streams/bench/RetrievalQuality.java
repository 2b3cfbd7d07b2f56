package io.mmstream.streams.bench;

import io.mmstream.index.Moment;
import io.mmstream.index.MomentSearch;
import io.mmstream.index.SearchRequest;
import io.mmstream.index.text.MiniLmEncoder;
import io.mmstream.streams.search.IndexFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Retrieval quality of keyword, meaning, shown (when a CLIP model is current in the data dir) and fused
 * ranking on a query set (kind, expected video name, query): recall@1, recall@5 and mean reciprocal
 * rank of the expected video's first moment, per kind of query. Usage:
 * {@code RetrievalQuality DATA_DIR QUERIES.tsv}; run by bench/search-quality.sh.
 */
public final class RetrievalQuality {

    private RetrievalQuality() {}

    private static void measure(IndexFolders index, MomentSearch search, SearchRequest.Ranking ranking, String label,
            List<String[]> queries) {
        for (String kind : new String[] {"phrase", "meaning"}) {
            double hits1 = 0;
            double hits5 = 0;
            double rr = 0;
            int n = 0;
            for (String[] q : queries) {
                if (!q[0].equals(kind)) {
                    continue;
                }
                n++;
                List<Moment> found = search.search(List.copyOf(index.readers()), new SearchRequest(q[2], null, null, 10, ranking));
                int rank = 0;
                for (int i = 0; i < found.size() && rank == 0; i++) {
                    if (Path.of(found.get(i).path()).getFileName().toString().equals(q[1] + ".mp4")) {
                        rank = i + 1;
                    }
                }
                hits1 += rank == 1 ? 1 : 0;
                hits5 += rank >= 1 && rank <= 5 ? 1 : 0;
                rr += rank == 0 ? 0 : 1.0 / rank;
            }
            System.out.printf(Locale.ROOT, "%-18s %-8s %3d  %8.2f  %8.2f  %.3f%n", label, kind, n, hits1 / n, hits5 / n, rr / n);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        List<String[]> queries = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .skip(1).map(l -> l.split("\t")).toList();
        try (IndexFolders index = IndexFolders.open(dataDir); MiniLmEncoder encoder = MiniLmEncoder.load(dataDir.resolve("cache"))) {
            io.mmstream.index.SharedSpace clip = new io.mmstream.streams.search.CurrentClipSpace(
                    dataDir.resolve("models").resolve("clip")).forSearch();
            MomentSearch search = new MomentSearch(encoder, clip);
            System.out.println(clip == null ? "no CLIP model" : "CLIP model " + clip.name());
            System.out.println("ranking            queries   n  recall@1  recall@5  MRR");
            for (SearchRequest.Ranking ranking : SearchRequest.Ranking.values()) {
                if (ranking != SearchRequest.Ranking.SHOWN || clip != null) {
                    measure(index, search, ranking, ranking.name().toLowerCase(Locale.ROOT), queries);
                }
            }
            if (clip != null) {
                // the weight of CLIP's clips in the fusion, as it was chosen
                for (double weight : new double[] {1.0, 0.25}) {
                    measure(index, new MomentSearch(encoder, clip, weight), SearchRequest.Ranking.FUSED, "fused, CLIP x " + weight, queries);
                }
            }
        }
    }
}
