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
        description = "List the model architectures and the trained versions; 'models fill' uses VideoBERT zero-shot, 'models eval'"
                + " scores an image-text model on held-out pairs, 'models caption' captions a picture with unified-vlp, 'models classify'"
                + " labels pictures zero-shot with clip-image, 'models generate' draws pictures for a caption with dall-e or m6.",
        subcommands = {ModelsCommand.Fill.class, ModelsCommand.Eval.class, ModelsCommand.Caption.class, ClassifyCommand.class,
            ModelsGenerate.class})
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
        out.println("  clip-image dual encoder for pictures: the same text tower, a ViT image tower over 8 x 8 patches of a 64 px picture;"
                + " sizes tiny (2 x 64 x 2), small (4 x 128 x 4), base (6 x 256 x 8)");
        for (io.mmstream.models.imagetext.ImageTextArchitecture a : io.mmstream.models.imagetext.ImageTextArchitecture.values()) {
            out.printf(Locale.ROOT, "  %-10s image-text, %s; sizes as videobert%n", a.id(), a.description());
        }
        for (io.mmstream.models.generative.GenerativeArchitecture a : io.mmstream.models.generative.GenerativeArchitecture.values()) {
            out.printf(Locale.ROOT, "  %-10s generative, %s; sizes as videobert%n", a.id(), a.description());
        }
        List<ModelStore.Version> versions = new ArrayList<>();
        List<String> current = new ArrayList<>();
        List<ModelStore> stores = new ArrayList<>(List.of(store(parent), ClipPretrain.store(parent.options.dataDir().toAbsolutePath()),
                ClipPretrain.imageStore(parent.options.dataDir().toAbsolutePath())));
        for (io.mmstream.models.imagetext.ImageTextArchitecture a : io.mmstream.models.imagetext.ImageTextArchitecture.values()) {
            stores.add(ImageTextPretrain.store(parent.options.dataDir().toAbsolutePath(), a));
        }
        for (io.mmstream.models.generative.GenerativeArchitecture a : io.mmstream.models.generative.GenerativeArchitecture.values()) {
            stores.add(GenerativePretrain.store(parent.options.dataDir().toAbsolutePath(), a));
        }
        for (ModelStore store : stores) {
            versions.addAll(store.versions());
            current.add(store.current());
        }
        out.println("trained versions" + (versions.isEmpty() ? ": none (mmstream pretrain --model NAME)" : " (* current):"));
        for (ModelStore.Version v : versions) {
            out.printf(Locale.ROOT, "  %s %-44s %-7s step %,d of %,d%s%n", current.contains(v.version()) ? "*" : " ", v.version(),
                    v.state(), v.step(), v.steps(), v.lastLoss().isEmpty() ? "" : ", loss " + v.lastLoss());
        }
        return 0;
    }

    static ModelStore store(MmstreamCli parent) {
        return new ModelStore(parent.options.dataDir().toAbsolutePath().resolve("models").resolve("videobert"));
    }

    /** {@code models eval NAME}: the current version of an image-text model on the held-out pairs of the topics. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Report an image-text model's R@1/5/10 (and BLEU-4/CIDEr for unified-vlp) on the held-out image-caption pairs.")
    static final class Eval implements Callable<Integer> {

        @ParentCommand
        ModelsCommand models;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The image-text architecture: visualbert, vl-bert, unicoder-vl,"
                + " uniter, oscar, unified-vlp, vilbert, lxmert, 12-in-1, clip-image.")
        String name;

        @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal).")
        Boolean progress;

        @Option(names = "--pictures", paramLabel = "N", defaultValue = "100", description = "Region-based models: held-out pictures"
                + " each caption is scored against (default: ${DEFAULT-VALUE}; the cost grows with its square).")
        int pictures;

        @Override
        public Integer call() throws Exception {
            if (pictures < 2) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pictures must be at least 2");
            }
            if (name.equals(io.mmstream.models.clip.PicturePretraining.ARCHITECTURE)) {
                try (MmstreamRuntime runtime = MmstreamRuntime.open(models.parent.options, false)) {
                    return ClipImagePretrain.evaluateCurrent(runtime, progress != null ? progress : System.console() != null,
                            spec.commandLine().getOut(), spec.commandLine().getErr());
                }
            }
            io.mmstream.models.imagetext.ImageTextArchitecture architecture;
            try {
                architecture = io.mmstream.models.imagetext.ImageTextArchitecture.named(name);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (MmstreamRuntime runtime = MmstreamRuntime.open(models.parent.options, false)) {
                return ImageTextPretrain.evaluateCurrent(runtime, architecture, pictures, progress != null ? progress : System.console() != null,
                        spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }
    }

    /** {@code models caption IMAGE}: the current Unified VLP's caption of a picture, by beam search. */
    @Command(name = "caption", mixinStandardHelpOptions = true, description = "Caption pictures with the current unified-vlp model.")
    static final class Caption implements Callable<Integer> {

        @ParentCommand
        ModelsCommand models;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Picture files (PNG, JPEG, BMP, GIF, WebP).")
        List<java.nio.file.Path> images;

        @Option(names = "--beam", paramLabel = "K", defaultValue = "3", description = "Beam width (default: ${DEFAULT-VALUE}).")
        int beam;

        @Option(names = "--model", paramLabel = "NAME", defaultValue = "unified-vlp",
                description = "unified-vlp (beam search) or m6 (greedy) (default: ${DEFAULT-VALUE}).")
        String model;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (beam < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--beam must be at least 1");
            }
            if (model.equals("m6")) {
                return M6Captions.caption(models.parent.options.dataDir().toAbsolutePath(), images, out, err);
            }
            if (!model.equals("unified-vlp")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "models caption takes --model unified-vlp or m6, not '"
                        + model + "'");
            }
            io.mmstream.models.imagetext.ImageTextArchitecture vlp = io.mmstream.models.imagetext.ImageTextArchitecture.UNIFIED_VLP;
            ModelStore store = ImageTextPretrain.store(models.parent.options.dataDir().toAbsolutePath(), vlp);
            String version = store.current();
            if (version == null) {
                err.println("models caption: no trained unified-vlp yet (mmstream pretrain --model unified-vlp)");
                return 1;
            }
            java.nio.file.Path folder = store.modelFolder(version);
            int failures = 0;
            try (io.mmstream.models.imagetext.ImageTextModel model = io.mmstream.models.imagetext.ImageTextModel.load(folder);
                    WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(
                            models.parent.options.dataDir().toAbsolutePath().resolve("cache"))) {
                io.mmstream.models.imagetext.PictureRegions pictures = io.mmstream.models.imagetext.PictureRegions.load(folder);
                io.mmstream.models.imagetext.RegionClasses classes = io.mmstream.models.imagetext.RegionClasses.load(folder);
                io.mmstream.models.imagetext.FeatureScaling scaling = io.mmstream.models.imagetext.FeatureScaling.load(folder);
                io.mmstream.models.regions.FeatureGridRegions source = pictures.source();
                io.mmstream.ingest.imagetext.ImageDecoder decoder = new io.mmstream.ingest.imagetext.ImageDecoder(
                        io.mmstream.ingest.imagetext.ImageTextOptions.defaults());
                for (java.nio.file.Path image : images) {
                    io.mmstream.ingest.imagetext.DecodedImage decoded;
                    try {
                        decoded = decoder.decode(java.nio.file.Files.readAllBytes(image));
                    } catch (java.io.IOException | io.mmstream.ingest.imagetext.ItemProblem e) {
                        err.println(image + ": " + e.getMessage());
                        failures++;
                        continue;
                    }
                    io.mmstream.frames.RgbFrame picture = new io.mmstream.frames.RgbFrame(0, decoded.width(), decoded.height(), decoded.rgb());
                    io.mmstream.models.imagetext.ImageTextExample example = io.mmstream.models.imagetext.PictureRegions.example(
                            io.mmstream.models.imagetext.ImageTextCorpus.scaled(source.regions(picture), scaling), new int[0], classes);
                    out.println(image + ": " + wordPieces.decode(model.caption(example, beam)));
                    out.flush();
                }
            }
            return failures == 0 ? 0 : 1;
        }
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
