package io.mmstream.streams.cli;

import io.mmstream.models.generative.GenerativeArchitecture;
import io.mmstream.models.generative.GenerativeEvaluation;
import io.mmstream.models.generative.GenerativeExample;
import io.mmstream.models.generative.GenerativeModel;
import io.mmstream.models.generative.GenerativeRun;
import io.mmstream.models.generative.PicturePixels;
import io.mmstream.models.generative.VaeConfig;
import io.mmstream.models.imagetext.ImageTextCorpus;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.imagetext.ImageTextPair;
import io.mmstream.streams.imagetext.ImageTextReplay;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code pretrain --model dall-e|m6}: the image-caption pairs replayed from the topics, pictures at the
 * discrete VAE's 32 x 32; stage 1 the discrete VAE (M6 takes the current DALL-E's when there is one),
 * stage 2 the transformer; the model made current and announced on {@code mm.models}; with {@code --eval},
 * the held-out reconstruction error, the image CLIP's scores of drawn pictures, and M6's caption scores.
 */
final class GenerativePretrain {

    private GenerativePretrain() {}

    /** Where an architecture's runs live under a data dir. */
    static ModelStore store(Path dataDir, GenerativeArchitecture architecture) {
        return new ModelStore(dataDir.resolve("models").resolve(architecture.id()), architecture.id());
    }

    static int run(MmstreamRuntime runtime, GenerativeRun.Settings settings, boolean evaluate, boolean showProgress, PrintWriter out,
            PrintWriter err, BooleanSupplier stop) throws Exception {
        String name = settings.architecture().id();
        try (WordPieceTokenizer wordPieces = WordPieceTokenizer.bertUncased(runtime.dataDir().resolve("cache"))) {
            List<GenerativeExample> train = new ArrayList<>();
            List<GenerativeExample> heldOut = new ArrayList<>();
            ImageTextReplay.Loaded loaded = ImageTextReplay.all(runtime.cluster());
            for (String problem : loaded.result().problems()) {
                err.println("pretrain: " + problem);
            }
            int size = VaeConfig.standard().pictureSize();
            for (ImageTextPair p : loaded.pairs()) {
                GenerativeExample e = new GenerativeExample(p.videoId(), PicturePixels.of(p.picture(), size), wordPieces.encode(p.caption()),
                        p.caption());
                (ImageTextCorpus.isHeldOut(p.videoId()) ? heldOut : train).add(e);
            }
            if (train.size() < 2) {
                err.printf(Locale.ROOT, "pretrain: the topics hold %d image-caption pair(s) to train on; %s needs at least 2: ingest an"
                        + " image-text set (a folder of pictures with .txt captions, a .jsonl or .tsv manifest, a WebDataset .tar), then run"
                        + " pretrain again%n", train.size(), name);
                return 1;
            }
            out.printf(Locale.ROOT, "pretrain: %,d image-caption pairs from the topics: %,d to train on, %,d held out; pictures at %d x %d%n",
                    loaded.pairs().size(), train.size(), heldOut.size(), size, size);
            Path givenVae = null;
            if (settings.architecture() == GenerativeArchitecture.M6) {
                ModelStore dalle = store(runtime.dataDir(), GenerativeArchitecture.DALL_E);
                String current = dalle.current();
                if (current != null) {
                    givenVae = dalle.modelFolder(current).resolve("dvae");
                    out.println("pretrain: m6 reads the discrete VAE of the current dall-e, " + current + " (no stage 1)");
                } else {
                    out.println("pretrain: no dall-e trained yet: m6 trains its own discrete VAE first");
                }
            }
            ModelStore store = store(runtime.dataDir(), settings.architecture());
            String version = store.newVersion(settings.size(), settings.seed());
            Path folder = store.runFolder(version);
            out.printf(Locale.ROOT, "pretrain: %s, %s %s on %s: %s%,d transformer steps of %d pairs%n", version, settings.size(), name,
                    io.mmstream.models.videobert.VideoBert.device(), givenVae == null ? String.format(Locale.ROOT, "%,d discrete VAE steps,"
                            + " then ", settings.vaeSteps()) : "", settings.steps(), Math.min(settings.batch(), train.size()));
            out.flush();
            GenerativeRun.Result result;
            ProgressBar[] bar = {null};
            try {
                result = GenerativeRun.train(folder, train, settings, givenVae, WordPieceTokenizer.VOCABULARY_SIZE, p -> {
                    if (!showProgress) {
                        return;
                    }
                    if (bar[0] == null || !bar[0].getTaskName().equals(p.stage())) {
                        if (bar[0] != null) {
                            bar[0].close();
                        }
                        bar[0] = ProgressBars.onStderr(p.stage(), p.steps(), " steps").build();
                    }
                    bar[0].stepTo(p.step());
                    bar[0].setExtraMessage(" " + p.describe());
                }, stop);
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("pretrain: " + version + ": " + e.getMessage());
                return 1;
            } finally {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
            if (result.skipped() > 0) {
                err.printf(Locale.ROOT, "pretrain: %s: %d step(s) not applied, their gradients not finite numbers%n", version, result.skipped());
            }
            if (Files.exists(folder.resolve("vae-loss.tsv"))) {
                LossCurve.draw(folder.resolve("vae-loss.tsv"), folder.resolve("vae-loss.png"), version + " discrete VAE");
            }
            Path png = folder.resolve("loss.png");
            if (Files.exists(folder.resolve("loss.tsv"))) {
                LossCurve.draw(folder.resolve("loss.tsv"), png, version);
            }
            if (!result.done()) {
                out.printf(Locale.ROOT, "pretrain: %s stopped at step %,d; %s runs are short and not resumed: run pretrain again%n", version,
                        result.steps(), name);
                return 0;
            }
            ModelRelease.publish(runtime, store, version, name, settings.size(), result.steps(), result.lastLoss());
            if (result.vaeTrained()) {
                out.printf(Locale.ROOT, "pretrain: %s discrete VAE: %.1f pairs/s; loss curve %s%n", version, result.vaePairsPerSecond(),
                        folder.resolve("vae-loss.png"));
            }
            out.printf(Locale.ROOT, "pretrain: %s done: loss %.3f -> %.3f, %.1f pairs/s; model %s, loss curve %s%n", version,
                    result.firstLoss(), result.lastLoss(), result.pairsPerSecond(), store.modelFolder(version), png);
            out.flush();
            if (!evaluate) {
                return 0;
            }
            return evaluate(runtime, store.modelFolder(version), heldOut, wordPieces, settings.seed(), showProgress, out);
        }
    }

    private static int evaluate(MmstreamRuntime runtime, Path modelFolder, List<GenerativeExample> heldOut, WordPieceTokenizer wordPieces,
            long seed, boolean showProgress, PrintWriter out) throws Exception {
        GenerativeEvaluation evaluation;
        try (GenerativeModel model = GenerativeModel.load(modelFolder);
                ClipPictureScorer clip = ClipPictureScorer.current(runtime.dataDir(), runtime::encoder);
                ProgressBar bar = showProgress && clip != null
                        ? ProgressBars.onStderr("samples", Math.min(GenerativeEvaluation.PROMPTS, heldOut.size()), " captions").build() : null) {
            if (clip != null) {
                out.println("pretrain: samples scored by the image CLIP " + clip.version());
            }
            evaluation = GenerativeEvaluation.of(model, heldOut, clip, wordPieces::decode, seed, n -> {
                if (bar != null) {
                    bar.stepTo(n);
                }
            });
        }
        for (String line : evaluation.lines()) {
            out.println("pretrain: " + line);
        }
        Files.write(modelFolder.getParent().resolve("eval.txt"), evaluation.lines());
        out.flush();
        return 0;
    }
}
