package io.mmstream.streams.cli;

import io.mmstream.models.videobert.ModelStore;
import io.mmstream.models.videobert.PretrainingCorpus;
import io.mmstream.models.videobert.PretrainingRun;
import io.mmstream.models.videobert.VideoBert;
import io.mmstream.models.videobert.VideoBertTrainer;
import io.mmstream.models.videobert.VideoBertVocabulary;
import io.mmstream.streams.embeddings.EmbeddingBackfill;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.sequences.LibrarySegments;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.DistanceKernels;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream pretrain --model videobert}: replays {@code mm.sequences} from the beginning
 * (reading without a consumer group, so the live pipeline's offsets are untouched) and pretrains
 * VideoBERT on it, resuming an unfinished run unless told otherwise.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Replay the topics from the beginning and pretrain a model: videobert (resumes an unfinished run),"
                + " clip (the dual encoder search uses for text-to-video), or an image-text model on the image-caption pairs.")
final class PretrainCommand implements Callable<Integer> {

    @ParentCommand
    MmstreamCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", required = true,
            description = "Architecture to train: videobert, clip, or an image-text model: visualbert, vl-bert, unicoder-vl, uniter,"
                    + " oscar, unified-vlp, vilbert, lxmert, 12-in-1, or a generative model: dall-e, m6 (mmstream models lists them).")
    String model;

    @Option(names = "--input", paramLabel = "KIND", description = "clip: train on images (the image-caption pairs, with an image"
            + " tower) or videos (the library's segments); default: both, whichever the topics hold.")
    String clipInput;

    @Option(names = "--eval", description = "Image-text models: after training, report image-to-text and text-to-image R@1/5/10 on"
            + " the held-out pairs (and BLEU-4 and CIDEr of generated captions for unified-vlp; for lxmert and 12-in-1, the accuracy of"
            + " their question answering, referring expressions and verification beside the most common answer's share); clip on"
            + " pictures: the same recall"
            + " and zero-shot accuracy; dall-e and m6: the discrete VAE's held-out reconstruction error, the image CLIP's"
            + " scores of pictures drawn for held-out captions against random real pictures (and m6's caption BLEU-4/CIDEr-D).")
    boolean eval;

    @Option(names = "--eval-pictures", paramLabel = "N", defaultValue = "100", description = "Region-based image-text models:"
            + " held-out pictures --eval scores each caption against (default: ${DEFAULT-VALUE}; the cost grows with its square).")
    int evalPictures;

    @Option(names = "--features", paramLabel = "NAME", defaultValue = io.mmstream.frames.ClipFeatureExtractors.DEFAULT,
            description = "Image-text models: the clip feature extractor that describes each region (default: ${DEFAULT-VALUE};"
                    + " torchscript:/path/backbone.pt plugs in a backbone of your own).")
    String features;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "3",
            description = "Image-text models: regions are the whole picture and N x N cells (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "small",
            description = "tiny, small (4 x 256 x 4, the CPU default), base (BERT-base) or large; clip's image tower: tiny, small"
                    + " (4 x 128 x 4) or base (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--vae-steps", paramLabel = "N",
            description = "dall-e and m6: discrete VAE steps (stage 1) before the --steps transformer steps (stage 2); m6 skips stage 1"
                    + " when a dall-e is current and reads its discrete VAE (default: as many as --steps).")
    Integer vaeSteps;

    @Option(names = "--batch", paramLabel = "B", description = "Segments per step (default: 16 for videobert; 64 for clip,"
            + " where each segment's negatives are the others of its batch; 32 image-caption pairs for the image-text models).")
    Integer batch;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "Peak learning rate of Adam, after a linear warm-up over the first 10%% of steps (videobert and the"
                    + " image-text models: then a linear decay) (default: 1e-4 for videobert, 1e-3 for clip, 5e-4 for image-text).")
    Float learningRate;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the weights and batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "200", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--fresh", description = "Start a new run even when an unfinished one could be resumed.")
    boolean fresh;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal).")
    Boolean progress;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path models = parent.options.dataDir().toAbsolutePath().resolve("models");
        java.nio.file.Files.createDirectories(models);
        // one pretraining at a time per data dir: two would resume the same unfinished run
        try (var lock = io.mmstream.streams.kafka.ProcessLock.tryAcquire(models.resolve("pretrain.lock"))) {
            if (lock == null) {
                spec.commandLine().getErr().println("pretrain: another pretrain is running on " + parent.options.dataDir()
                        + "; run this one when it has finished");
                return 1;
            }
            return train();
        }
    }

    private int train() throws Exception {
        if (io.mmstream.models.imagetext.ImageTextArchitecture.isOne(model)) {
            return trainImageText();
        }
        if (io.mmstream.models.generative.GenerativeArchitecture.isOne(model)) {
            return trainGenerative();
        }
        if (vaeSteps != null) {
            throw new ParameterException(spec.commandLine(), "--vae-steps is for dall-e and m6; " + model + " has no discrete VAE");
        }
        if (model.equals("clip")) {
            return trainClip();
        }
        if (clipInput != null) {
            throw new ParameterException(spec.commandLine(), "--input picks what clip trains on; " + model + " does not take it");
        }
        if (eval) {
            throw new ParameterException(spec.commandLine(), "--eval evaluates the image-text models and clip; " + model
                    + " has no held-out evaluation");
        }
        if (!model.equals("videobert")) {
            throw new ParameterException(spec.commandLine(), "unknown model '" + model + "': mmstream pretrains videobert, clip, "
                    + String.join(", ", io.mmstream.models.imagetext.ImageTextArchitecture.ids()) + ", "
                    + String.join(", ", io.mmstream.models.generative.GenerativeArchitecture.ids())
                    + " (mmstream models lists the architectures)");
        }
        PretrainingRun.Settings settings;
        try {
            settings = new PretrainingRun.Settings(size, steps, batch == null ? 16 : batch, learningRate == null ? 1e-4f : learningRate,
                    Math.max(1, steps / 10), seed, checkpointEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        try (MmstreamRuntime runtime = MmstreamRuntime.open(parent.options, false)) {
            stopOnExit(runtime, stop, finished, 120, () -> {
                err.println("pretrain: stopping: writing a checkpoint");
                err.flush();
            });
            Path dataDir = runtime.dataDir();
            CodebookStore codebooks = new CodebookStore(dataDir.resolve("codebooks"));
            String codebookVersion = codebooks.current();
            if (codebookVersion == null) {
                err.println("pretrain: no codebook trained yet: ingest video, run mmstream codebook train, then ingest again");
                return 1;
            }
            VisualCodebook codebook = codebooks.load(codebookVersion, DistanceKernels.best());
            VideoBertVocabulary vocabulary = new VideoBertVocabulary(WordPieceTokenizer.VOCABULARY_SIZE, codebook.size());
            PretrainingCorpus corpus = new PretrainingCorpus(vocabulary, io.mmstream.models.videobert.VideoBertConfig.named(size).maxLength());
            LibrarySegments library = new LibrarySegments();
            TopicReplay.replay(runtime.cluster(), Topics.SEQUENCES, library::add);
            LibrarySegments.Selection selection = library.under(codebookVersion);
            for (Sequence s : selection.segments()) {
                corpus.add(new PretrainingCorpus.Entry(s.getVideoId(), s.getTextTokens().stream().mapToInt(Integer::intValue).toArray(),
                        s.getVisualTokens().stream().mapToInt(Integer::intValue).toArray()));
            }
            if (selection.otherCodebook() > 0) {
                err.printf(Locale.ROOT, "pretrain: %,d segments of other codebooks than %s left out%n", selection.otherCodebook(),
                        codebookVersion);
            }
            if (selection.copies() > 0) {
                err.printf(Locale.ROOT, "pretrain: %,d copies of segments left out (videos ingested or derived more than once)%n",
                        selection.copies());
            }
            if (corpus.size() == 0) {
                err.printf(Locale.ROOT, "pretrain: mm.sequences holds no segment to train on (%,d records replayed): ingest video"
                        + " once a codebook is trained, then run pretrain again%n", library.replayed());
                return 1;
            }
            out.printf(Locale.ROOT, "pretrain: %,d segments (%,d with text and video), %,d tokens, from mm.sequences%n",
                    corpus.size(), corpus.jointSize(), corpus.tokens());
            ModelStore store = new ModelStore(dataDir.resolve("models").resolve("videobert"));
            ModelStore.Version unfinished = fresh ? null : store.unfinished();
            String version;
            PretrainingRun run;
            if (unfinished != null) {
                version = unfinished.version();
                run = PretrainingRun.resume(unfinished.folder(), vocabulary);
                out.printf(Locale.ROOT, "pretrain: resuming %s at step %,d of %,d (--fresh starts anew)%n", version, run.step(),
                        run.settings().steps());
            } else {
                version = store.newVersion(size, seed);
                run = PretrainingRun.start(store.runFolder(version), vocabulary, settings, codebook.leafCentroids());
                out.printf(Locale.ROOT, "pretrain: %s, %s model on %s, %,d steps of %d segments%n", version, size,
                        io.mmstream.models.videobert.VideoBert.device(), steps, run.settings().batch());
            }
            out.flush();
            boolean done;
            long started = System.nanoTime();
            long[] tokens = {0};
            float[] first = {Float.NaN};
            float[] last = {Float.NaN};
            boolean showProgress = progress != null ? progress : System.console() != null;
            try (run; ProgressBar bar = showProgress ? bar(run) : null) {
                done = run.train(corpus, r -> {
                    tokens[0] += r.tokens();
                    if (Float.isNaN(first[0])) {
                        first[0] = r.total();
                    }
                    last[0] = r.total();
                    if (bar != null) {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        bar.stepTo(r.step());
                        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f, %,.0f tokens/s", r.total(), tokens[0] / seconds));
                    }
                }, stop::get);
            } catch (VideoBertTrainer.DivergedException e) {
                err.println("pretrain: " + version + ": " + e.getMessage());
                return 1;
            }
            Path folder = store.runFolder(version);
            Path png = folder.resolve("loss.png");
            LossCurve.draw(folder.resolve("loss.tsv"), png, version);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!done) {
                out.printf(Locale.ROOT, "pretrain: %s stopped at a checkpoint; run pretrain again to resume%n", version);
                return 0;
            }
            ModelRelease.publish(runtime, store, version, "videobert", run.settings().size(), run.settings().steps(), last[0]);
            out.printf(Locale.ROOT, "pretrain: %s done: loss %.3f -> %.3f, %,.0f tokens/s; model %s, loss curve %s%n", version,
                    first[0], last[0], tokens[0] / seconds, store.modelFolder(version), png);
            out.flush();
            backfillEmbeddings(runtime, store.modelFolder(version), version, codebookVersion, showProgress, out);
            return 0;
        } finally {
            finished.countDown();
        }
    }

    private int trainClip() throws Exception {
        ClipPretrain.Request request;
        try {
            request = new ClipPretrain.Request(clipInput, size, steps, batch, learningRate, seed, eval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return shortRun((runtime, showProgress, out, err, stop) -> ClipPretrain.train(runtime, request, showProgress, out, err, stop));
    }

    /** What a short (not resumed) run does once the runtime is open. */
    @FunctionalInterface
    private interface ShortRun {
        int run(MmstreamRuntime runtime, boolean showProgress, PrintWriter out, PrintWriter err,
                java.util.function.BooleanSupplier stop) throws Exception;
    }

    /** Opens the runtime and runs {@code run}, which Ctrl-C or SIGTERM asks to stop (waiting up to 60 s for it). */
    private int shortRun(ShortRun run) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        try (MmstreamRuntime runtime = MmstreamRuntime.open(parent.options, false)) {
            stopOnExit(runtime, stop, finished, 60, () -> {});
            return run.run(runtime, progress != null ? progress : System.console() != null, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), stop::get);
        } finally {
            finished.countDown();
        }
    }

    /** dall-e and m6: the discrete VAE (stage 1), then the transformer (stage 2), from the image-caption pairs. */
    private int trainGenerative() throws Exception {
        if (clipInput != null) {
            throw new ParameterException(spec.commandLine(), "--input picks what clip trains on; " + model + " does not take it");
        }
        io.mmstream.models.generative.GenerativeRun.Settings settings;
        try {
            settings = new io.mmstream.models.generative.GenerativeRun.Settings(
                    io.mmstream.models.generative.GenerativeArchitecture.named(model), size, vaeSteps == null ? steps : vaeSteps, steps,
                    batch == null ? 32 : batch, learningRate == null ? 5e-4f : learningRate, GENERATIVE_VAE_LEARNING_RATE, GENERATIVE_VAE_BETA,
                    seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return shortRun((runtime, showProgress, out, err, stop) -> GenerativePretrain.run(runtime, settings, eval, showProgress, out, err,
                stop));
    }

    /** The discrete VAE's peak learning rate and KL weight (per grid cell, against the mean squared error per intensity). */
    static final float GENERATIVE_VAE_LEARNING_RATE = 2e-3f;
    static final float GENERATIVE_VAE_BETA = 5e-4f;

    private int trainImageText() throws Exception {
        io.mmstream.models.imagetext.ImageTextRun.Settings settings;
        io.mmstream.models.imagetext.PictureRegions pictures;
        try {
            if (grid < 1 || grid > 8) {
                throw new IllegalArgumentException("--grid must be 1..8, got " + grid);
            }
            pictures = new io.mmstream.models.imagetext.PictureRegions(grid, grid, features);
            pictures.source();
            settings = new io.mmstream.models.imagetext.ImageTextRun.Settings(
                    io.mmstream.models.imagetext.ImageTextArchitecture.named(model), size, steps, batch == null ? 32 : batch,
                    learningRate == null ? 5e-4f : learningRate, seed, 24);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (evalPictures < 2) {
            throw new ParameterException(spec.commandLine(), "--eval-pictures must be at least 2 (retrieval ranks each caption among them)");
        }
        int evaluated = eval ? evalPictures : 0;
        return shortRun((runtime, showProgress, out, err, stop) -> ImageTextPretrain.run(runtime, settings, pictures, evaluated, showProgress,
                out, err, stop));
    }

    /** The library already on the topics, embedded by the new model, by replay (as the embedding topology does new segments). */
    private static void backfillEmbeddings(MmstreamRuntime runtime, Path modelFolder, String version, String codebookVersion,
            boolean showProgress, PrintWriter out) throws Exception {
        long started = System.nanoTime();
        EmbeddingBackfill.Result result;
        try (VideoBert trained = VideoBert.load(modelFolder);
                ProgressBar bar = showProgress ? ProgressBars.onStderr("embeddings", 0, " segments").build() : null) {
            result = EmbeddingBackfill.run(runtime.cluster(), trained, version, codebookVersion, n -> {
                if (bar != null) {
                    bar.stepTo(n);
                }
            });
        }
        out.printf(Locale.ROOT, "pretrain: the library re-derived by replay: %,d segments -> %,d embeddings on mm.embeddings (%.1f s)%s%n",
                result.segments(), result.embeddings(), (System.nanoTime() - started) / 1e9,
                result.skipped() == 0 ? "" : String.format(Locale.ROOT, "; %,d segments of visual words the model lacks left out", result.skipped()));
    }

    /**
     * On Ctrl-C or SIGTERM while training: {@code saying} says so, {@code stop} is raised, and the exit
     * waits up to {@code seconds} for the training to reach {@code finished} (a checkpoint, or its end).
     */
    private static void stopOnExit(MmstreamRuntime runtime, AtomicBoolean stop, CountDownLatch finished, int seconds, Runnable saying) {
        runtime.beforeExit(() -> {
            if (finished.getCount() > 0) {
                saying.run();
                stop.set(true);
                try {
                    finished.await(seconds, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    private static ProgressBar bar(PretrainingRun run) {
        return ProgressBars.onStderr("pretrain", run.settings().steps(), " steps").startsFrom(run.step(), java.time.Duration.ZERO).build();
    }
}
