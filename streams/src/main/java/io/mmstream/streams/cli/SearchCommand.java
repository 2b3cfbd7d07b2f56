package io.mmstream.streams.cli;

import io.mmstream.index.Moment;
import io.mmstream.index.MomentSearch;
import io.mmstream.index.SearchRequest;
import io.mmstream.index.text.MiniLmEncoder;
import io.mmstream.streams.search.IndexFolders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream search [QUERY] [--video ID] [--top N] [--json]}: the moments of the indexed library
 * where the words are said (by their letters and by their meaning), best first.
 *
 * <p>It reads the index where this data dir keeps it (the latest commit of each task), so it answers
 * while {@code index} runs and after it has exited, without starting the broker.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Find the moments of the indexed library where something is said (or shown, --image), best first.")
final class SearchCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "Words to look for (\"quotes\" for an exact phrase).")
    String query;

    @Option(names = "--image", paramLabel = "FILE", description = "A picture: the moments that look like it.")
    Path image;

    @Option(names = "--features", paramLabel = "NAME", defaultValue = io.mmstream.frames.ClipFeatureExtractors.DEFAULT,
            description = "The clip features the library was ingested with (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--video", paramLabel = "ID", description = "Only this video (its id).")
    String video;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "How many moments (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--ranking", paramLabel = "R", defaultValue = "fused",
            description = "keyword (the words), meaning (other words for the same thing), shown (what the clips show, by the"
                    + " trained CLIP model) or fused (all of them; default).")
    String ranking;

    @Option(names = "--json", description = "A JSON array: video, path, start_ms, end_ms, score, text (matched words in <mark>), thumbnail.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        float[] picture = null;
        if (image != null) {
            try {
                picture = io.mmstream.streams.search.PictureFeatures.of(image, features);
            } catch (io.mmstream.ingest.MediaException e) {
                spec.commandLine().getErr().println(image + ": " + e.reason());
                return 1;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        SearchRequest request;
        try {
            request = new SearchRequest(query, picture, video, top, SearchRequest.Ranking.parse(ranking));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dataDir = parent.options.dataDir().toAbsolutePath();
        List<Moment> moments;
        try (IndexFolders index = IndexFolders.open(dataDir)) {
            if (index.readers().isEmpty()) {
                spec.commandLine().getErr().println("mmstream: nothing is indexed in " + dataDir + " yet: run mmstream index PATH first");
                return 1;
            }
            MiniLmEncoder encoder = request.ranking() == SearchRequest.Ranking.KEYWORD || request.text() == null ? null
                    : MiniLmEncoder.load(dataDir.resolve("cache"));
            try {
                // the CLIP towers are read only when the words are searched by vector
                io.mmstream.index.SharedSpace shown = encoder == null ? null
                        : new io.mmstream.streams.search.CurrentClipSpace(dataDir.resolve("models").resolve("clip")).forSearch();
                moments = new MomentSearch(encoder, shown).search(List.copyOf(index.readers()), request);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("mmstream: " + e.getMessage());
                return 1;
            } finally {
                if (encoder != null) {
                    encoder.close();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(io.mmstream.streams.search.MomentsJson.of(moments));
        } else if (moments.isEmpty()) {
            out.println("no moment found");
        } else {
            for (int i = 0; i < moments.size(); i++) {
                Moment m = moments.get(i);
                out.printf(Locale.ROOT, "%2d. %s %s-%s  %s%n    %s%n", i + 1, m.path(), clock(m.startUs()), clock(m.endUs()),
                        m.video(), plain(m.snippet()));
            }
        }
        return 0;
    }

    /** The snippet for a terminal: marked words in [brackets], entities back to characters. */
    private static String plain(String snippet) {
        return snippet.replace("<mark>", "[").replace("</mark>", "]").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String clock(long us) {
        long tenths = us / 100_000;
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }
}
