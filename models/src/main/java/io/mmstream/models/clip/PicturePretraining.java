package io.mmstream.models.clip;

import io.mmstream.models.SavedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A CLIP pretraining run on pictures in its folder, laid out as the video run's ({@link ClipPretraining}):
 * {@code run.properties}, {@code loss.tsv} (step, contrastive loss) and, once done, {@code model/}. The
 * pictures are resized once; each step draws a batch of pictures with distinct captions (a repeated
 * caption would be its own negative), and the rate warms up then decays linearly. Not resumed.
 */
public final class PicturePretraining {

    /** The architecture's name in the model store and on {@code mm.models}. */
    public static final String ARCHITECTURE = "clip-image";

    /** What a finished (or stopped) run measured. */
    public record Result(boolean done, int steps, float firstLoss, float lastLoss, double pairsPerSecond, float logitScale) {}

    private PicturePretraining() {}

    /** The model a run of {@code size} (tiny, small, base) trains, for sentence vectors of {@code textDimension}. */
    public static ClipModel create(String size, int textDimension, long seed) {
        ImageTowerConfig image = ImageTowerConfig.named(size);
        return ClipModel.create(DualEncoderConfig.forPictures(textDimension, 256, 128), image, seed);
    }

    /**
     * Trains a model of {@code size} on {@code pairs} into {@code folder}; {@code progress} hears each step,
     * and {@code stop} ends the run early (left as stopped, no model).
     */
    public static Result run(Path folder, String size, List<PictureText> pairs, ClipPretraining.Settings settings, IntConsumer progress,
            BooleanSupplier stop) throws IOException {
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("contrastive training needs at least two pictures, not " + pairs.size());
        }
        if (pairs.stream().map(PictureText::caption).distinct().limit(2).count() < 2) {
            throw new IllegalArgumentException("contrastive training needs at least two different captions; all " + pairs.size()
                    + " pictures have the same one");
        }
        Files.createDirectories(folder);
        describe(folder, size, settings, "running", 0);
        Path lossFile = folder.resolve("loss.tsv");
        Files.writeString(lossFile, "step\tcontrastive\n");
        List<String> losses = new ArrayList<>();
        float first = Float.NaN;
        float last = Float.NaN;
        try (ClipModel model = create(size, pairs.get(0).sentence().length, settings.seed())) {
            ImageTowerConfig image = model.imageTower();
            List<byte[]> pictures = pairs.stream().map(p -> PicturePixels.resized(p.picture(), image.side())).toList();
            Random random = new Random(settings.seed());
            int step = 0;
            long pairsSeen = 0;
            long started = System.nanoTime();
            try (ClipTrainer trainer = new ClipTrainer(model, settings.learningRate(), Math.max(1, settings.steps() / 10), settings.steps())) {
                while (step < settings.steps() && !stop.getAsBoolean()) {
                    List<Integer> batch = batch(pairs, settings.batch(), random);
                    last = trainer.stepPictures(batch.stream().map(i -> pairs.get(i).sentence()).toList(),
                            batch.stream().map(i -> PicturePixels.patches(pictures.get(i), image)).toList());
                    first = step == 0 ? last : first;
                    pairsSeen += batch.size();
                    step++;
                    losses.add(String.format(Locale.ROOT, "%d\t%.5f", step, last));
                    if (losses.size() == 100 || step == settings.steps()) {
                        Files.write(lossFile, losses, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                        losses.clear();
                    }
                    progress.accept(step);
                }
            }
            double pairsPerSecond = pairsSeen / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            Files.write(lossFile, losses, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            if (step < settings.steps()) {
                describe(folder, size, settings, "stopped", step);
                return new Result(false, step, first, last, pairsPerSecond, model.logitScale());
            }
            model.save(folder.resolve("model"));
            describe(folder, size, settings, "done", step);
            return new Result(true, step, first, last, pairsPerSecond, model.logitScale());
        }
    }

    /** Up to {@code size} pairs at random with distinct captions (fewer when the captions run out). */
    static List<Integer> batch(List<PictureText> pairs, int size, Random random) {
        List<Integer> batch = new ArrayList<>();
        Set<String> captions = new HashSet<>();
        Set<Integer> tried = new HashSet<>();
        int n = Math.min(size, pairs.size());
        while (batch.size() < n && tried.size() < pairs.size()) {
            int i = random.nextInt(pairs.size());
            if (tried.add(i) && captions.add(pairs.get(i).caption())) {
                batch.add(i);
            }
        }
        return batch;
    }

    private static void describe(Path folder, String size, ClipPretraining.Settings settings, String state, int step) throws IOException {
        Properties p = SavedModels.runState(ARCHITECTURE, size, settings.steps(), settings.batch(), settings.learningRate(), settings.seed(),
                state, step);
        SavedModels.describe(folder, "run", p, "mmstream CLIP pretraining run on pictures");
    }
}
