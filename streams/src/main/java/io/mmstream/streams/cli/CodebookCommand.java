package io.mmstream.streams.cli;

import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.CodebookAnnouncement;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.DistanceKernels;
import io.mmstream.tokenizer.kmeans.HierarchicalKMeans;
import io.mmstream.tokenizer.kmeans.KMeansConfig;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmstream codebook}: the visual-word codebooks trained from {@code mm.clips}. */
@Command(name = "codebook", mixinStandardHelpOptions = true,
        description = "Train and inspect the hierarchical k-means codebook of visual words.",
        subcommands = {CodebookCommand.Train.class, CodebookCommand.Show.class})
final class CodebookCommand implements Runnable {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a codebook command is required (train, show)");
    }

    /** {@code codebook train}: replay {@code mm.clips} from the beginning and train a new codebook version. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Replay mm.clips from the beginning and train a new codebook version (the live pipeline is untouched).")
    static final class Train implements Callable<Integer> {

        @ParentCommand
        CodebookCommand codebook;

        @Spec
        CommandSpec spec;

        @Option(names = "--levels", paramLabel = "D", defaultValue = "4", description = "Tree depth (default: ${DEFAULT-VALUE}).")
        int levels;

        @Option(names = "--branching", paramLabel = "K", defaultValue = "12", description = "Clusters per node (default: ${DEFAULT-VALUE}).")
        int branching;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--max-clips", paramLabel = "N", defaultValue = "200000",
                description = "Train on a uniform random sample of at most N clips, so memory stays bounded"
                        + " however long mm.clips is (default: ${DEFAULT-VALUE}; 1024-d features take 4 KB each).")
        int maxClips;

        @Option(names = "--backfill", negatable = true, defaultValue = "true",
                description = "Re-derive the visual words and VideoBERT segments of the library already on the topics with the"
                        + " new codebook, by replay (default: on; no video is decoded again).")
        boolean backfill;

        /** The library's segments under the new codebook, by replay of mm.clips and mm.transcripts, with progress. */
        private void backfill(MmstreamRuntime runtime, VisualCodebook trained, String version, long clips, PrintWriter out)
                throws Exception {
            long started = System.nanoTime();
            boolean showProgress = System.console() != null;
            try (io.mmstream.tokenizer.text.WordPieceTokenizer wordPieces =
                            io.mmstream.tokenizer.text.WordPieceTokenizer.bertUncased(runtime.dataDir().resolve("cache"));
                    me.tongfei.progressbar.ProgressBar bar = showProgress ? new me.tongfei.progressbar.ProgressBarBuilder()
                            .setTaskName("backfill").setUnit(" clips", 1).setInitialMax(clips)
                            .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
                            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null) {
                var result = io.mmstream.streams.sequences.SequenceBackfill.run(runtime.cluster(), trained, version, wordPieces,
                        n -> {
                            if (bar != null) {
                                bar.stepTo(n);
                            }
                        });
                out.printf(Locale.ROOT, "codebook %s: the library re-derived by replay: %,d videos, %,d clips, %,d sentences ->"
                        + " %,d segments on mm.sequences (%.1f s)%n", version, result.videos(), result.clips(), result.sentences(),
                        result.segments(), (System.nanoTime() - started) / 1e9);
            }
        }

        @Override
        public Integer call() throws Exception {
            KMeansConfig config;
            try {
                config = new KMeansConfig(levels, branching, seed, 30, 4096, 3);
                if (maxClips < branching) {
                    throw new IllegalArgumentException("--max-clips must be at least the branching factor");
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (MmstreamRuntime runtime = MmstreamRuntime.open(codebook.parent.options, false)) {
                Map<String, ClipReservoir> byExtractor = new TreeMap<>();
                long started = System.nanoTime();
                TopicReplay.replay(runtime.cluster(), Topics.CLIPS, (video, clip) -> {
                    if (!clip.getLast()) {
                        byExtractor.computeIfAbsent(clip.getExtractor() + " (" + clip.getDimension() + "-d)",
                                e -> new ClipReservoir(maxClips, seed)).offer(clip);
                    }
                });
                if (byExtractor.size() > 1) {
                    err.println("mm.clips: clips of several feature extractors, which cannot share a codebook: "
                            + String.join(", ", byExtractor.keySet()));
                    return 1;
                }
                long count = byExtractor.values().stream().mapToLong(ClipReservoir::seen).sum();
                if (count < branching) {
                    err.println("mm.clips: too few clips to train: " + count + " for " + branching
                            + " branches (ingest more video first)");
                    return 1;
                }
                String extractor = byExtractor.keySet().iterator().next();
                extractor = extractor.substring(0, extractor.indexOf(' '));
                List<float[]> features = byExtractor.values().iterator().next().sample();
                VisualCodebook trained = new HierarchicalKMeans(config, DistanceKernels.best()).train(features, extractor);
                CodebookStore store = new CodebookStore(runtime.dataDir().resolve("codebooks"));
                String version = store.save(trained, seed);
                try (RecordSender sender = new RecordSender(runtime.cluster().producerConfig("mmstream-codebook", "zstd", 1 << 20))) {
                    sender.send(Topics.CODEBOOKS, "current", CodebookAnnouncement.newBuilder().setVersion(version)
                            .setLevels(levels).setBranching(branching).setDimension(trained.dimension()).setExtractor(extractor)
                            .setClips(count).setFile(store.file(version).toString()).setCreatedAtMs(System.currentTimeMillis())
                            .build());
                    sender.flush();
                }
                ArtifactSharing.codebook(runtime, store, version, err);
                out.printf(Locale.ROOT, "codebook %s: %,d visual words (%d x %d), trained on %,d clips of %s (%d-d)%s in %.1f s%n",
                        version, trained.size(), levels, branching, features.size(), extractor, trained.dimension(),
                        features.size() < count ? String.format(Locale.ROOT, ", a random sample of %,d", count) : "",
                        (System.nanoTime() - started) / 1e9);
                if (backfill) {
                    backfill(runtime, trained, version, count, out);
                }
                return 0;
            }
        }
    }

    /** {@code codebook show}: the current codebook, and optionally a picture of its most frequent words. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Describe the current codebook; with --png, draw its most frequent visual words with thumbnails of their clips.")
    static final class Show implements Callable<Integer> {

        @ParentCommand
        CodebookCommand codebook;

        @Spec
        CommandSpec spec;

        @Option(names = "--png", paramLabel = "FILE", description = "Draw the most frequent words into this PNG file.")
        java.nio.file.Path png;

        @Option(names = "--words", paramLabel = "N", defaultValue = "8", description = "Words drawn (default: ${DEFAULT-VALUE}).")
        int words;

        @Option(names = "--thumbnails", paramLabel = "M", defaultValue = "6", description = "Clips per word (default: ${DEFAULT-VALUE}).")
        int thumbnails;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CodebookStore store = new CodebookStore(codebook.parent.options.dataDir().toAbsolutePath().resolve("codebooks"));
            String version = store.current();
            if (version == null) {
                err.println("mmstream: no codebook trained yet: ingest video, then run mmstream codebook train");
                return 1;
            }
            VisualCodebook current = store.load(version, DistanceKernels.best());
            out.printf(Locale.ROOT, "codebook %s: %,d visual words (%d x %d), %s features (%d-d), %s%n", version,
                    current.size(), current.levels(), current.branching(), current.extractor(), current.dimension(),
                    store.file(version));
            if (png == null) {
                return 0;
            }
            try (MmstreamRuntime runtime = MmstreamRuntime.open(codebook.parent.options, false)) {
                return new WordPicture(runtime, version, words, thumbnails).draw(png, out, err);
            }
        }
    }
}
