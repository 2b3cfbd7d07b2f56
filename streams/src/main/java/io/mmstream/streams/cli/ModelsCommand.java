package io.mmstream.streams.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mmstream.models.videobert.Masking;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.models.videobert.PretrainingBatch;
import io.mmstream.models.videobert.PretrainingExample;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.models.videobert.VideoBertVocabulary;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.ingest.MediaLocations;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmstream models}: the architectures mmstream builds and the versions trained in the data dir. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the model architectures and the trained versions; 'models fill' uses VideoBERT zero-shot.",
        subcommands = {ModelsCommand.Fill.class})
final class ModelsCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("architectures:");
        out.println("  videobert  single stream over WordPiece text and visual words; masked text, video and joint modelling,"
                + " text-video alignment; sizes tiny (2 x 128 x 2), small (4 x 256 x 4), base (12 x 768 x 12), large (24 x 1024 x 16)");
        out.println("  clip       dual encoder for text-to-video search: frozen MiniLM sentence vectors through a trained projection,"
                + " clip features and visual words through a video tower, InfoNCE with a learned temperature");
        List<ModelStore.Version> versions = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (ModelStore store : List.of(store(parent), ClipPretrain.store(parent.options.dataDir().toAbsolutePath()))) {
            versions.addAll(store.versions());
            current.add(store.current());
        }
        out.println("trained versions" + (versions.isEmpty() ? ": none (mmstream pretrain --model videobert|clip)" : " (* current):"));
        for (ModelStore.Version v : versions) {
            out.printf(Locale.ROOT, "  %s %-44s %-7s step %,d of %,d%s%n", current.contains(v.version()) ? "*" : " ", v.version(),
                    v.state(), v.step(), v.steps(), v.lastLoss().isEmpty() ? "" : ", loss " + v.lastLoss());
        }
        return 0;
    }

    static ModelStore store(MmstreamCli parent) {
        return new ModelStore(parent.options.dataDir().toAbsolutePath().resolve("models").resolve("videobert"));
    }

    /**
     * {@code models fill}: VideoBERT's zero-shot use from the paper: given a video's visual words, the
     * most likely words for each [MASK] of a sentence such as "now let me show you how to [MASK]
     * the [MASK]" (the verb and the noun of what the video shows).
     */
    @Command(name = "fill", mixinStandardHelpOptions = true,
            description = "Fill the [MASK]s of a sentence given a video's visual words (VideoBERT zero-shot).")
    static final class Fill implements Callable<Integer> {

        @ParentCommand
        ModelsCommand models;

        @Spec
        CommandSpec spec;

        @Option(names = "--video", paramLabel = "VIDEO", required = true,
                description = "The video: its id, or the file name (with or without extension) or URI it was ingested from (the latest ingestion).")
        String video;

        @Parameters(index = "0", paramLabel = "SENTENCE", defaultValue = "now let me show you how to [MASK] the [MASK]",
                description = "A sentence with [MASK]s (default: \"${DEFAULT-VALUE}\").")
        String sentence;

        @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Words shown per [MASK] (default: ${DEFAULT-VALUE}).")
        int top;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!sentence.contains("[MASK]")) {
                err.println("models fill: the sentence has no [MASK] to fill");
                return 2;
            }
            ModelStore store = store(models.parent);
            String version = store.current();
            if (version == null) {
                err.println("models fill: no trained VideoBERT yet (mmstream pretrain --model videobert)");
                return 1;
            }
            try (MmstreamRuntime runtime = MmstreamRuntime.open(models.parent.options, false);
                    VideoBert model = VideoBert.load(store.modelFolder(version));
                    WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(runtime.dataDir().resolve("cache"))) {
                String id = videoId(runtime);
                if (id == null) {
                    err.println("models fill: " + video + ": no such video in mm.videos");
                    return 1;
                }
                List<Integer> words = visualWords(runtime, id, model.vocabulary().visualSize());
                if (words.isEmpty()) {
                    err.println("models fill: " + video + " (" + id + ") has no visual words (was it ingested with a codebook?)");
                    return 1;
                }
                return fill(model, wordPieces, words, out);
            }
        }

        /**
         * The visual words of video {@code id} in clip order: from {@code mm.visual-tokens} when the video
         * was ingested with a codebook, else from its segments on {@code mm.sequences} (a library
         * re-derived by replay when the codebook was trained has its words there, under the current
         * codebook).
         */
        private List<Integer> visualWords(MmstreamRuntime runtime, String id, int visualSize) throws java.io.IOException {
            java.util.TreeMap<Long, Integer> byClip = new java.util.TreeMap<>();
            TopicReplay.replay(runtime.cluster(), Topics.VISUAL_TOKENS, (key, t) -> {
                if (key.equals(id) && !t.getLast() && t.getToken() >= 0 && t.getToken() < visualSize) {
                    byClip.put(t.getClipIndex(), t.getToken());
                }
            });
            if (byClip.isEmpty()) {
                String codebook = runtime.codebooks().current();
                TopicReplay.replay(runtime.cluster(), Topics.SEQUENCES, (key, s) -> {
                    if (key.equals(id) && s.getCodebookVersion().equals(codebook)) {
                        for (int i = 0; i < s.getVisualTokens().size(); i++) {
                            int token = s.getVisualTokens().get(i);
                            if (token >= 0 && token < visualSize) {
                                byClip.put(s.getClipIndices().get(i), token);
                            }
                        }
                    }
                });
            }
            return new ArrayList<>(byClip.values());
        }

        private String videoId(MmstreamRuntime runtime) {
            Map<String, String> latest = new HashMap<>();
            TopicReplay.replay(runtime.cluster(), Topics.VIDEOS, (key, v) -> {
                java.nio.file.Path local = MediaLocations.localPath(v.getUri());
                String fileName = local == null || local.getFileName() == null ? v.getUri() : local.getFileName().toString();
                for (String alias : List.of(v.getVideoId(), v.getUri(), fileName, MediaLocations.baseName(v.getUri()))) {
                    latest.put(alias, v.getVideoId());
                }
            });
            return latest.get(video);
        }

        private int fill(VideoBert model, WordPieceTokenizer wordPieces, List<Integer> visualWords, PrintWriter out) {
            VideoBertVocabulary vocabulary = model.vocabulary();
            List<Integer> text = new ArrayList<>();
            String[] parts = sentence.split("\\[MASK\\]", -1);
            for (int i = 0; i < parts.length; i++) {
                for (int piece : wordPieces.encode(parts[i])) {
                    text.add(piece);
                }
                if (i < parts.length - 1) {
                    text.add(VideoBertVocabulary.MASK);
                }
            }
            int room = model.config().maxLength() - text.size() - 3;
            if (room < 1) {
                out.println("models fill: the sentence is too long for the model's " + model.config().maxLength() + " tokens");
                return 2;
            }
            int[] visual = visualWords.stream().limit(room).mapToInt(Integer::intValue).toArray();
            io.mmstream.models.videobert.Segment.Layout layout = new io.mmstream.models.videobert.Segment(
                    text.stream().mapToInt(Integer::intValue).toArray(), visual).layout(vocabulary, model.config().maxLength());
            int[] labels = new int[layout.length()];
            List<Integer> masks = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = layout.ids()[i] == VideoBertVocabulary.MASK ? VideoBertVocabulary.MASK : Masking.IGNORED;
                if (labels[i] != Masking.IGNORED) {
                    masks.add(i);
                }
            }
            try (NDManager manager = model.model().getNDManager().newSubManager()) {
                PretrainingBatch batch = PretrainingBatch.of(List.of(new PretrainingExample(layout.ids(), layout.types(), labels, true, true)),
                        manager);
                NDArray probabilities = model.forward(batch.inputs()).get(1).softmax(-1);
                out.printf(Locale.ROOT, "%s, given %d visual words of %s:%n", sentence, visual.length, video);
                for (int m = 0; m < masks.size(); m++) {
                    float[] p = probabilities.get(m).toFloatArray();
                    List<Integer> best = new ArrayList<>();
                    for (int id = VideoBertVocabulary.FIRST_WORD_PIECE; id < vocabulary.textSize(); id++) {
                        best.add(id);
                    }
                    best.sort((a, b) -> Float.compare(p[b], p[a]));
                    List<String> shown = new ArrayList<>();
                    for (int id : best) {
                        String word = wordPieces.token(id);
                        if (!word.startsWith("##")) {
                            shown.add(String.format(Locale.ROOT, "%s %.3f", word, p[id]));
                        }
                        if (shown.size() == top) {
                            break;
                        }
                    }
                    out.printf(Locale.ROOT, "  [MASK] %d: %s%n", m + 1, String.join(", ", shown));
                }
            }
            return 0;
        }
    }
}
