package io.mmstream.streams.cli;

import io.mmstream.index.text.TextEncoder;
import io.mmstream.models.clip.ClipModel;
import io.mmstream.models.clip.ClipPretraining;
import io.mmstream.models.clip.PictureEvaluation;
import io.mmstream.models.clip.PicturePretraining;
import io.mmstream.models.clip.PictureText;
import io.mmstream.models.imagetext.ImageTextCorpus;
import io.mmstream.models.videobert.ModelStore;
import io.mmstream.streams.imagetext.ImageTextPair;
import io.mmstream.streams.imagetext.ImageTextReplay;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code pretrain --model clip} on pictures ({@code --input images}, or whenever the topics hold
 * image-caption pairs): the pairs replayed from the topics, their captions through the frozen MiniLM,
 * CLIP's dual encoder with the ViT image tower trained on the pairs that are not held out, saved under
 * {@code <data-dir>/models/clip-image/}, made current and announced on {@code mm.models}; with
 * {@code --eval}, retrieval recall and zero-shot accuracy on the held-out pairs. {@code models eval
 * clip-image} evaluates the current one again.
 */
final class ClipImagePretrain {

    /** Held-out pictures the retrieval scores against each other. */
    static final int EVALUATED = 100;

    private ClipImagePretrain() {}

    /** The pairs of the topics with their captions' sentence vectors. */
    record Pairs(List<PictureText> train, List<PictureText> heldOut) {
        int size() {
            return train.size() + heldOut.size();
        }
    }

    /** Replays the image-caption pairs and encodes their captions (null when there are fewer than 2 pairs: said on {@code err}). */
    static Pairs replay(MmstreamRuntime runtime, boolean showProgress, PrintWriter err, String command) {
        ImageTextReplay.Loaded loaded = ImageTextReplay.all(runtime.cluster());
        for (String problem : loaded.result().problems()) {
            err.println(command + ": " + problem);
        }
        List<ImageTextPair> pairs = loaded.pairs();
        if (pairs.size() < 2) {
            return null;
        }
        TextEncoder encoder = runtime.encoder();
        List<PictureText> train = new ArrayList<>();
        List<PictureText> heldOut = new ArrayList<>();
        try (ProgressBar bar = showProgress ? ProgressBars.onStderr("captions", pairs.size(), " captions").build() : null) {
            for (int from = 0; from < pairs.size(); from += 64) {
                List<ImageTextPair> chunk = pairs.subList(from, Math.min(pairs.size(), from + 64));
                List<float[]> vectors = encoder.encode(chunk.stream().map(ImageTextPair::caption).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    ImageTextPair p = chunk.get(i);
                    PictureText pair = new PictureText(p.videoId(), p.caption(), vectors.get(i), p.picture());
                    (ImageTextCorpus.isHeldOut(p.videoId()) ? heldOut : train).add(pair);
                }
                if (bar != null) {
                    bar.stepTo(from + chunk.size());
                }
            }
        }
        return new Pairs(train, heldOut);
    }

    static int run(MmstreamRuntime runtime, Pairs pairs, String size, ClipPretraining.Settings settings, boolean evaluate,
            boolean showProgress, PrintWriter out, PrintWriter err, BooleanSupplier stop) throws Exception {
        String name = PicturePretraining.ARCHITECTURE;
        if (pairs.train().size() < 2) {
            err.printf(Locale.ROOT, "pretrain: %s: %d of the %d image-caption pairs are left to train on once the held-out ones are"
                    + " set aside; ingest a larger image-text set%n", name, pairs.train().size(), pairs.size());
            return 1;
        }
        out.printf(Locale.ROOT, "pretrain: %,d image-caption pairs from the topics: %,d to train on, %,d held out%n", pairs.size(),
                pairs.train().size(), pairs.heldOut().size());
        ModelStore store = ClipPretrain.imageStore(runtime.dataDir());
        String version = store.newVersion(size, settings.seed());
        out.printf(Locale.ROOT, "pretrain: %s, dual encoder (%s text, %s ViT image tower) on %s, %,d steps of %d pictures%n", version,
                runtime.encoder().name(), size, io.mmstream.models.videobert.VideoBert.device(), settings.steps(),
                Math.min(settings.batch(), pairs.train().size()));
        out.flush();
        Path folder = store.runFolder(version);
        PicturePretraining.Result result;
        try (ProgressBar bar = showProgress ? ProgressBars.onStderr("pretrain", settings.steps(), " steps").build() : null) {
            result = PicturePretraining.run(folder, size, pairs.train(), settings, step -> {
                if (bar != null) {
                    bar.stepTo(step);
                }
            }, stop);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("pretrain: " + version + ": " + e.getMessage());
            return 1;
        }
        Path png = folder.resolve("loss.png");
        LossCurve.draw(folder.resolve("loss.tsv"), png, version);
        if (!result.done()) {
            out.printf(Locale.ROOT, "pretrain: %s stopped at step %,d; CLIP runs are short and not resumed: run pretrain again%n",
                    version, result.steps());
            return 0;
        }
        ModelRelease.publish(runtime, store, version, name, size, result.steps(), result.lastLoss());
        out.printf(Locale.ROOT, "pretrain: %s done: loss %.3f -> %.3f, temperature 1/%.1f, %.1f pairs/s; model %s, loss curve %s%n",
                version, result.firstLoss(), result.lastLoss(), result.logitScale(), result.pairsPerSecond(), store.modelFolder(version),
                png);
        out.flush();
        return evaluate ? evaluate(runtime, store.modelFolder(version), pairs, out, err, "pretrain") : 0;
    }

    /** {@code models eval clip-image}: the current version on the held-out pairs of the topics. */
    static int evaluateCurrent(MmstreamRuntime runtime, boolean showProgress, PrintWriter out, PrintWriter err) throws Exception {
        ModelStore store = ClipPretrain.imageStore(runtime.dataDir());
        String version = store.current();
        if (version == null) {
            err.println("models eval: no trained clip-image yet (mmstream pretrain --model clip, on an ingested image-text set)");
            return 1;
        }
        Pairs pairs = replay(runtime, showProgress, err, "models eval");
        if (pairs == null) {
            err.println("models eval: the topics hold fewer than 2 image-caption pairs to evaluate on");
            return 1;
        }
        out.println("models eval: " + version);
        return evaluate(runtime, store.modelFolder(version), pairs, out, err, "models eval");
    }

    private static int evaluate(MmstreamRuntime runtime, Path modelFolder, Pairs pairs, PrintWriter out, PrintWriter err, String command)
            throws Exception {
        PictureEvaluation evaluation;
        try (ClipModel model = ClipModel.load(modelFolder)) {
            evaluation = PictureEvaluation.of(model, pairs.heldOut(), EVALUATED, runtime.encoder()::encode);
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage() + " (about " + ImageTextCorpus.HELD_OUT_PERCENT + "% of pairs are held out)");
            return 1;
        }
        for (String line : evaluation.lines()) {
            out.println(command + ": " + line);
        }
        Files.write(modelFolder.getParent().resolve("eval.txt"), evaluation.lines());
        out.flush();
        return 0;
    }
}
