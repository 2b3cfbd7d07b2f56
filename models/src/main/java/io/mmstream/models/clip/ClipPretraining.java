package io.mmstream.models.clip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A CLIP pretraining run in its folder: {@code run.properties} (settings and state, as the model
 * store lists runs), {@code loss.tsv} (step, contrastive loss) and, once done, {@code model/} (the
 * {@link ClipModel} and its {@link ClipSpace} towers). Runs take minutes, so they are not resumed:
 * a stopped run is left as {@code stopped} and the next one starts anew.
 */
public final class ClipPretraining {

    /**
     * What a run does.
     *
     * @param steps training steps
     * @param batch pairs per step: each pair's negatives are the others of its batch
     * @param learningRate Adam's rate after the warm-up
     * @param seed seed of the weights and of the batches
     */
    public record Settings(int steps, int batch, float learningRate, long seed) {

        public Settings {
            if (steps < 1 || batch < 2 || !(learningRate > 0)) {
                throw new IllegalArgumentException("CLIP needs at least 1 step, a batch of at least 2 and a positive learning rate");
            }
        }
    }

    /** What a finished (or stopped) run measured. */
    public record Result(boolean done, int steps, float firstLoss, float lastLoss, double recallAt1, int evaluated, float logitScale) {}

    private ClipPretraining() {}

    /**
     * Trains a model of {@code config} on {@code pairs} into {@code folder}; {@code progress} hears each
     * step, and {@code stop} ends the run early (left as stopped, no model).
     */
    public static Result run(Path folder, DualEncoderConfig config, List<ClipPair> pairs, Settings settings,
            IntConsumer progress, BooleanSupplier stop) throws IOException {
        Files.createDirectories(folder);
        describe(folder, settings, "running", 0);
        Path lossFile = folder.resolve("loss.tsv");
        Files.writeString(lossFile, "step\tcontrastive\n");
        List<String> losses = new ArrayList<>();
        PairSampler sampler = new PairSampler(pairs, settings.seed());
        float first = Float.NaN;
        float last = Float.NaN;
        try (ClipModel model = ClipModel.create(config, settings.seed())) {
            int step = 0;
            try (ClipTrainer trainer = new ClipTrainer(model, settings.learningRate(), Math.max(1, settings.steps() / 10))) {
                while (step < settings.steps() && !stop.getAsBoolean()) {
                    last = trainer.step(sampler.batch(settings.batch()));
                    first = step == 0 ? last : first;
                    step++;
                    losses.add(String.format(Locale.ROOT, "%d\t%.5f", step, last));
                    if (losses.size() == 100 || step == settings.steps()) {
                        Files.write(lossFile, losses, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        losses.clear();
                    }
                    progress.accept(step);
                }
            }
            Files.write(lossFile, losses, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            if (step < settings.steps()) {
                describe(folder, settings, "stopped", step);
                return new Result(false, step, first, last, Double.NaN, 0, model.logitScale());
            }
            model.save(folder.resolve("model"));
            List<ClipPair> evaluated = pairs.size() <= 1000 ? pairs : new PairSampler(pairs, settings.seed() + 1).batch(1000);
            double recall = recallAt1(model, evaluated);
            describe(folder, settings, "done", step);
            return new Result(true, step, first, last, recall, evaluated.size(), model.logitScale());
        }
    }

    /** The share of {@code pairs} whose text is nearest its own segment of all their segments (chance: 1 / size). */
    public static double recallAt1(ClipModel model, List<ClipPair> pairs) {
        float[][] t = model.embedTexts(pairs.stream().map(ClipPair::text).toList());
        float[][] v = model.embedVideos(pairs.stream().map(ClipPair::video).toList());
        int hits = 0;
        for (int i = 0; i < t.length; i++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v.length; j++) {
                double s = 0;
                for (int d = 0; d < t[i].length; d++) {
                    s += t[i][d] * v[j][d];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            hits += best == i ? 1 : 0;
        }
        return hits / (double) t.length;
    }

    private static void describe(Path folder, Settings settings, String state, int step) throws IOException {
        Properties p = io.mmstream.models.SavedModels.runState("clip", "-", settings.steps(), settings.batch(), settings.learningRate(),
                settings.seed(), state, step);
        io.mmstream.models.SavedModels.describe(folder, "run", p, "mmstream CLIP pretraining run");
    }
}
