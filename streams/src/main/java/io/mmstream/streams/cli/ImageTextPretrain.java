package io.mmstream.streams.cli;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.imagetext.CaptionedPicture;
import io.mmstream.models.imagetext.ImageTextArchitecture;
import io.mmstream.models.imagetext.ImageTextCorpus;
import io.mmstream.models.imagetext.ImageTextEvaluation;
import io.mmstream.models.imagetext.ImageTextModel;
import io.mmstream.models.imagetext.ImageTextRun;
import io.mmstream.models.imagetext.PictureRegions;
import io.mmstream.models.imagetext.RegionClasses;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.imagetext.ImageTextPair;
import io.mmstream.streams.imagetext.ImageTextReplay;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code pretrain --model visualbert|vl-bert|unicoder-vl|uniter|oscar|unified-vlp|vilbert|lxmert|12-in-1}: the image-caption
 * pairs replayed from the topics, their grid regions and region classes, a run of the architecture,
 * the finished model made current and announced on {@code mm.models}; with {@code --eval}, retrieval
 * recall (and caption scores) on the held-out pairs. {@code models eval} evaluates the current one again.
 */
final class ImageTextPretrain {

    /** Region classes: a 2-level tree of 12 branches (144 classes). */
    static final int REGION_LEVELS = 2;
    static final int REGION_BRANCHING = 12;

    private ImageTextPretrain() {}

    /** Where an architecture's runs live under a data dir. */
    static ModelStore store(Path dataDir, ImageTextArchitecture architecture) {
        return new ModelStore(dataDir.resolve("models").resolve(architecture.id()), architecture.id());
    }

    /** @param evaluated held-out pictures {@code --eval} scores (0: no evaluation) */
    static int run(MmstreamRuntime runtime, ImageTextRun.Settings settings, PictureRegions pictures, int evaluated,
            boolean showProgress, PrintWriter out, PrintWriter err, BooleanSupplier stop) throws Exception {
        // one tokenizer for the corpus and the evaluation: loading the vocabulary twice is a second's work for nothing
        try (WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(runtime.dataDir().resolve("cache"))) {
            return run(runtime, settings, pictures, evaluated, showProgress, out, err, stop, wordPieces);
        }
    }

    private static int run(MmstreamRuntime runtime, ImageTextRun.Settings settings, PictureRegions pictures, int evaluated,
            boolean showProgress, PrintWriter out, PrintWriter err, BooleanSupplier stop, WordPieceTokenizer wordPieces)
            throws Exception {
        String name = settings.architecture().id();
        List<CaptionedPicture> pairs = replay(runtime, err);
        if (pairs.size() < 2) {
            err.printf(Locale.ROOT, "pretrain: the topics hold %d image-caption pair(s); %s needs at least 2: ingest an image-text set"
                    + " (a folder of pictures with .txt captions, a .jsonl or .tsv manifest, a WebDataset .tar), then run pretrain again%n",
                    pairs.size(), name);
            return 1;
        }
        ImageTextCorpus corpus;
        try (ProgressBar bar = showProgress ? ProgressBars.onStderr("regions", pairs.size(), " pictures").build() : null) {
            corpus = ImageTextCorpus.of(pairs, pictures, wordPieces::encode, null, null, REGION_LEVELS, REGION_BRANCHING,
                    settings.seed(), n -> {
                        if (bar != null) {
                            bar.stepTo(n);
                        }
                    });
        } catch (IllegalArgumentException e) {
            err.println("pretrain: " + name + ": " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "pretrain: %,d image-caption pairs from the topics: %,d to train on, %,d held out (distinct captions);"
                + " %d regions a picture (%s), %d region classes%n", pairs.size(), corpus.train().size(), corpus.heldOut().size(),
                pictures.count(), pictures.source().name(), corpus.classes().size());
        ModelStore store = store(runtime.dataDir(), settings.architecture());
        String version = store.newVersion(settings.size(), settings.seed());
        out.printf(Locale.ROOT, "pretrain: %s, %s %s on %s, %,d steps of %d pairs%n", version, settings.size(), name,
                io.mmstream.models.videobert.VideoBert.device(), settings.steps(), Math.min(settings.batch(), corpus.train().size()));
        out.flush();
        ImageTextRun.Result result;
        Path folder = store.runFolder(version);
        try (ProgressBar bar = showProgress ? ProgressBars.onStderr("pretrain", settings.steps(), " steps").build() : null) {
            result = ImageTextRun.train(folder, corpus, pictures, settings, WordPieceTokenizer.VOCABULARY_SIZE, r -> {
                if (bar != null) {
                    bar.stepTo(r.step());
                    bar.setExtraMessage(" " + ImageTextRun.describe(r));
                }
            }, stop);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("pretrain: " + version + ": " + e.getMessage());
            return 1;
        }
        if (result.skipped() > 0) {
            List<String> where = result.notFinite();
            err.printf(Locale.ROOT, "pretrain: %s: %d step(s) not applied, their gradients not finite numbers (last in %s%s)%n", version,
                    result.skipped(), String.join(", ", where.subList(0, Math.min(3, where.size()))),
                    where.size() > 3 ? " and " + (where.size() - 3) + " more parameters" : "");
        }
        for (io.mmstream.models.imagetext.Task task : result.untrained()) {
            err.printf(Locale.ROOT, "pretrain: %s: %s not trained: no example among the pairs (its examples are derived from captions"
                    + " of the generated shapes set, bench/shapes-set.sh)%n", version, task.title());
        }
        Path png = folder.resolve("loss.png");
        LossCurve.draw(folder.resolve("loss.tsv"), png, version);
        if (!result.done()) {
            out.printf(Locale.ROOT, "pretrain: %s stopped at step %,d; image-text runs are short and not resumed: run pretrain again%n",
                    version, result.steps());
            return 0;
        }
        ModelRelease.publish(runtime, store, version, name, settings.size(), result.steps(), result.lastLoss());
        out.printf(Locale.ROOT, "pretrain: %s done: loss %.3f -> %.3f, %.1f pairs/s; model %s, loss curve %s%n", version,
                result.firstLoss(), result.lastLoss(), result.pairsPerSecond(), store.modelFolder(version), png);
        out.flush();
        if (evaluated > 0) {
            return evaluate(store.modelFolder(version), corpus, evaluated, wordPieces, showProgress, out, err, "pretrain");
        }
        return 0;
    }

    /** {@code models eval NAME}: the current version of {@code architecture} on the held-out pairs of the topics. */
    static int evaluateCurrent(MmstreamRuntime runtime, ImageTextArchitecture architecture, int evaluated, boolean showProgress, PrintWriter out,
            PrintWriter err) throws Exception {
        ModelStore store = store(runtime.dataDir(), architecture);
        String version = store.current();
        if (version == null) {
            err.println("models eval: no trained " + architecture.id() + " yet (mmstream pretrain --model " + architecture.id() + ")");
            return 1;
        }
        Path folder = store.modelFolder(version);
        List<CaptionedPicture> pairs = replay(runtime, err);
        try (WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(runtime.dataDir().resolve("cache"))) {
            ImageTextCorpus corpus = ImageTextCorpus.of(pairs, PictureRegions.load(folder), wordPieces::encode, RegionClasses.load(folder),
                    io.mmstream.models.imagetext.FeatureScaling.load(folder), REGION_LEVELS, REGION_BRANCHING, 0, n -> {});
            out.println("models eval: " + version);
            return evaluate(folder, corpus, evaluated, wordPieces, showProgress, out, err, "models eval");
        }
    }

    private static int evaluate(Path modelFolder, ImageTextCorpus corpus, int evaluated, WordPieceTokenizer wordPieces, boolean showProgress,
            PrintWriter out, PrintWriter err, String command) throws Exception {
        ImageTextEvaluation evaluation;
        try (ImageTextModel model = ImageTextModel.load(modelFolder);
                ProgressBar bar = showProgress && model.architecture().generates()
                        ? ProgressBars.onStderr("captions", Math.min(evaluated, corpus.heldOut().size()), " pictures").build() : null) {
            evaluation = ImageTextEvaluation.of(model, corpus, evaluated, wordPieces::decode, n -> {
                if (bar != null) {
                    bar.stepTo(n);
                }
            });
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return 1;
        }
        for (String line : evaluation.lines()) {
            out.println(command + ": " + line);
        }
        Files.write(modelFolder.getParent().resolve("eval.txt"), evaluation.lines());
        out.flush();
        return 0;
    }

    private static List<CaptionedPicture> replay(MmstreamRuntime runtime, PrintWriter err) {
        ImageTextReplay.Loaded loaded = ImageTextReplay.all(runtime.cluster());
        for (String problem : loaded.result().problems()) {
            err.println("pretrain: " + problem);
        }
        return loaded.pairs().stream().map(ImageTextPretrain::captioned).toList();
    }

    private static CaptionedPicture captioned(ImageTextPair p) {
        RgbFrame picture = p.picture();
        return new CaptionedPicture(p.videoId(), picture, p.caption());
    }
}
