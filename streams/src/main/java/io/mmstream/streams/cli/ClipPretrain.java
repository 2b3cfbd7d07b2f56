package io.mmstream.streams.cli;

import io.mmstream.index.text.TextEncoder;
import io.mmstream.models.clip.ClipPretraining;
import io.mmstream.models.clip.DualEncoderConfig;
import io.mmstream.models.clip.PicturePretraining;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.embeddings.ClipPairsReplay;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code pretrain --model clip}: CLIP's dual encoder trained on what the topics hold. On video: the
 * library's (segment words, segment clips) pairs replayed from {@code mm.sequences} and {@code mm.clips},
 * the words through the frozen MiniLM; the finished model becomes current and is announced on
 * {@code mm.models}, and indexing puts every clip into its space (search then finds what was shown by
 * text, not only what was said). On pictures: the image-caption pairs, with an image tower
 * ({@link ClipImagePretrain}). Both when both are there; {@code --input} picks one.
 */
final class ClipPretrain {

    /** Where CLIP's runs live under a data dir. */
    static ModelStore store(Path dataDir) {
        return new ModelStore(dataDir.resolve("models").resolve("clip"), "clip");
    }

    /** Where CLIP's runs on pictures live under a data dir: {@code <data-dir>/models/clip-image}. */
    public static ModelStore imageStore(Path dataDir) {
        return new ModelStore(dataDir.resolve("models").resolve(PicturePretraining.ARCHITECTURE), PicturePretraining.ARCHITECTURE);
    }

    private ClipPretrain() {}

    /**
     * What {@code pretrain --model clip} was asked.
     *
     * @param input "images", "videos", or null for whatever the topics hold
     * @param size the image tower's size (tiny, small, base); video runs have one size
     * @param batch pairs per step, or null for the default (64)
     * @param learningRate or null for the default (1e-3)
     * @param evaluate evaluate the picture model on the held-out pairs
     */
    record Request(String input, String size, int steps, Integer batch, Float learningRate, long seed, boolean evaluate) {

        Request {
            if (input != null && !input.equals("images") && !input.equals("videos")) {
                throw new IllegalArgumentException("--input takes images or videos, not '" + input + "'");
            }
            if ("images".equals(input)) {
                io.mmstream.models.clip.ImageTowerConfig.named(size);
            }
            if (evaluate && "videos".equals(input)) {
                throw new IllegalArgumentException("--eval evaluates CLIP of pictures; CLIP of video reports its recall at the end of every run");
            }
            // the fields are set after this body: check the settings from the parameters
            new ClipPretraining.Settings(steps, batch == null ? 64 : batch, learningRate == null ? 1e-3f : learningRate, seed);
        }

        /** The settings of either run: video's peak rate suits the ViT too (1e-3 beat 5e-4 on 2,000 shapes pictures). */
        ClipPretraining.Settings settings() {
            return new ClipPretraining.Settings(steps, batch == null ? 64 : batch, learningRate == null ? 1e-3f : learningRate, seed);
        }
    }

    /** Trains on what {@code request} asks for: video, pictures, or both when the topics hold both. */
    static int train(MmstreamRuntime runtime, Request request, boolean showProgress, PrintWriter out, PrintWriter err, BooleanSupplier stop)
            throws Exception {
        boolean either = request.input() == null;
        ClipImagePretrain.Pairs pictures = null;
        if (!"videos".equals(request.input())) {
            pictures = ClipImagePretrain.replay(runtime, showProgress, err, "pretrain");
            if (pictures == null && !either) {
                err.println("pretrain: the topics hold fewer than 2 image-caption pairs; CLIP of pictures needs at least 2: ingest an"
                        + " image-text set (a folder of pictures with .txt captions, a .jsonl or .tsv manifest, a WebDataset .tar), then"
                        + " run pretrain again");
                return 1;
            }
        }
        if (pictures != null) {
            try {
                io.mmstream.models.clip.ImageTowerConfig.named(request.size());
            } catch (IllegalArgumentException e) {
                err.println("pretrain: clip-image: " + e.getMessage());
                return 1;
            }
        }
        int status = 0;
        if (!"images".equals(request.input())) {
            status = run(runtime, request.settings(), showProgress, out, err, stop, either && pictures != null);
            if (status != 0 && either && pictures == null) {
                err.println("pretrain: nor do the topics hold image-caption pairs for CLIP of pictures (ingest an image-text set)");
            }
        }
        if (pictures != null && !stop.getAsBoolean()) {
            status = Math.max(status, ClipImagePretrain.run(runtime, pictures, request.size(), request.settings(), request.evaluate(),
                    showProgress, out, err, stop));
        }
        return status;
    }

    /**
     * The run on video; when {@code optional} (pictures will be trained on too), a library without a codebook
     * or segments is a note, not a failure.
     */
    static int run(MmstreamRuntime runtime, ClipPretraining.Settings settings, boolean showProgress, PrintWriter out, PrintWriter err,
            BooleanSupplier stop, boolean optional) throws Exception {
        Path dataDir = runtime.dataDir();
        CodebookStore codebooks = new CodebookStore(dataDir.resolve("codebooks"));
        String codebookVersion = codebooks.current();
        if (codebookVersion == null && optional) {
            out.println("pretrain: no video library with a codebook: CLIP of pictures only");
            return 0;
        }
        if (codebookVersion == null) {
            err.println("pretrain: no codebook trained yet: index or ingest video, then run mmstream codebook train");
            return 1;
        }
        int visualWords = codebooks.load(codebookVersion, io.mmstream.tokenizer.kmeans.DistanceKernels.best()).size();
        TextEncoder encoder = runtime.encoder();
        ClipPairsReplay.Pairs replayed;
        try (ProgressBar bar = showProgress ? ProgressBars.onStderr("sentences", 0, " segments").build() : null) {
            replayed = ClipPairsReplay.replay(runtime.cluster(), codebookVersion, encoder, n -> {
                if (bar != null) {
                    bar.stepTo(n);
                }
            });
        }
        if (replayed.otherCodebook() > 0) {
            err.printf(Locale.ROOT, "pretrain: %,d segments of other codebooks than %s left out%n", replayed.otherCodebook(), codebookVersion);
        }
        if (replayed.pairs().size() < 2 && optional) {
            out.printf(Locale.ROOT, "pretrain: %d video segment(s) with words and clips: CLIP of pictures only%n", replayed.pairs().size());
            return 0;
        }
        if (replayed.pairs().size() < 2) {
            err.printf(Locale.ROOT, "pretrain: mm.sequences holds %d segment(s) with words and clips under codebook %s (%,d records"
                    + " replayed); CLIP needs at least 2: index video with speech, then run pretrain again%n",
                    replayed.pairs().size(), codebookVersion, replayed.sequences());
            return 1;
        }
        out.printf(Locale.ROOT, "pretrain: %,d segments with words and clips, from mm.sequences and mm.clips (%,d without clips left out)%n",
                replayed.pairs().size(), replayed.withoutClips());
        DualEncoderConfig config = DualEncoderConfig.of(encoder.dimension(), replayed.featureDimension(), visualWords);
        ModelStore store = store(dataDir);
        String version = store.newVersion(null, settings.seed());
        out.printf(Locale.ROOT, "pretrain: %s, dual encoder (%s) on %s, %,d steps of %d pairs%n", version, encoder.name(),
                io.mmstream.models.videobert.VideoBert.device(), settings.steps(), Math.min(settings.batch(), replayed.pairs().size()));
        out.flush();
        long started = System.nanoTime();
        ClipPretraining.Result result;
        try (ProgressBar bar = showProgress ? ProgressBars.onStderr("pretrain", settings.steps(), " steps").build() : null) {
            result = ClipPretraining.run(store.runFolder(version), config, replayed.pairs(), settings, step -> {
                if (bar != null) {
                    bar.stepTo(step);
                }
            }, stop);
        } catch (IllegalStateException e) {
            err.println("pretrain: " + version + ": " + e.getMessage());
            return 1;
        }
        Path png = store.runFolder(version).resolve("loss.png");
        LossCurve.draw(store.runFolder(version).resolve("loss.tsv"), png, version);
        if (!result.done()) {
            out.printf(Locale.ROOT, "pretrain: %s stopped at step %,d; CLIP runs are short and not resumed: run pretrain again%n",
                    version, result.steps());
            return 0;
        }
        ModelRelease.publish(runtime, store, version, "clip", "-", result.steps(), result.lastLoss());
        out.printf(Locale.ROOT, "pretrain: %s done in %.0f s: loss %.3f -> %.3f, temperature 1/%.1f; a segment's words find its clips"
                        + " first in %.0f%% of %,d segments (chance %.1f%%); model %s, loss curve %s%n", version,
                (System.nanoTime() - started) / 1e9, result.firstLoss(), result.lastLoss(), result.logitScale(),
                100 * result.recallAt1(), result.evaluated(), 100.0 / result.evaluated(), store.modelFolder(version), png);
        out.println("pretrain: indexing puts the library's clips into the new model's space when it next runs (index, serve)");
        return 0;
    }
}
