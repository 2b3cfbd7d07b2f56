package io.mmstream.models.imagetext;

import io.mmstream.models.videobert.VideoBertConfig;
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
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One pretraining run of an image-text architecture in a folder of its own: {@code run.properties}
 * (settings, state), {@code loss.tsv} (step, then one column per objective and per task) and, once done,
 * {@code model/} (the {@link ImageTextModel}, its {@link RegionClasses}, {@link FeatureScaling} and {@link PictureRegions}).
 * Runs are short and not resumed: a stopped run keeps its loss history and no model. Architectures with
 * tasks beside pretraining (LXMERT, 12-in-1) visit pretraining and each task in turn, one batch a step.
 */
public final class ImageTextRun {

    /**
     * What a run does.
     *
     * @param architecture the model
     * @param size tiny, small, base or large (the encoder's sizes, as VideoBERT's)
     * @param steps steps in all
     * @param batch pairs per step
     * @param learningRate peak learning rate (warm-up over the first 10% of steps, then linear decay)
     * @param seed seed of the weights, the batches and their corruption
     * @param maxWords word pieces kept of a caption
     */
    public record Settings(ImageTextArchitecture architecture, String size, int steps, int batch, float learningRate, long seed,
            int maxWords) {

        public Settings {
            VideoBertConfig.named(size);
            if (steps < 1 || batch < 2 || !(learningRate > 0) || maxWords < 1) {
                throw new IllegalArgumentException("invalid pretraining settings: " + steps + " steps, batch " + batch
                        + " (at least 2: wrong pairs borrow from the batch), learning rate " + learningRate + ", " + maxWords + " words");
            }
        }

        /** The model's sizes for a corpus of {@code featureDimension}-d regions, {@code regions} per picture. */
        public ImageTextConfig config(int featureDimension, int regions, int regionClasses) {
            return new ImageTextConfig(VideoBertConfig.named(size), featureDimension, regions, maxWords, regionClasses).checkFits(architecture);
        }
    }

    /**
     * How a run ended.
     *
     * @param skipped steps whose gradients were not finite numbers, and so not applied
     * @param notFinite the parameters whose gradients were not finite at the last such step
     * @param untrained the architecture's tasks left out for want of examples (captions not of the shapes set)
     */
    public record Result(boolean done, int steps, float firstLoss, float lastLoss, double pairsPerSecond, int skipped,
            List<String> notFinite, List<Task> untrained) {}

    private ImageTextRun() {}

    /**
     * Trains a fresh model on {@code corpus.train()} in {@code folder}, until the last step or {@code stop}.
     *
     * @param textVocabulary word pieces in the vocabulary
     * @param listener hears every step
     */
    public static Result train(Path folder, ImageTextCorpus corpus, PictureRegions pictures, Settings settings, int textVocabulary,
            Consumer<ImageTextTrainer.StepResult> listener, BooleanSupplier stop) throws IOException {
        if (corpus.train().size() < 2) {
            throw new IllegalArgumentException(corpus.train().size() + " training pairs: at least 2 are needed");
        }
        Files.createDirectories(folder);
        ImageTextConfig config = settings.config(corpus.featureDimension(), pictures.count(), corpus.classes().size());
        writeState(folder, settings, "running", 0);
        List<String> columns = null;
        float first = Float.NaN;
        float last = Float.NaN;
        int step = 0;
        long started = System.nanoTime();
        try (ImageTextModel model = ImageTextModel.create(settings.architecture(), textVocabulary, config, settings.seed());
                ImageTextTrainer trainer = new ImageTextTrainer(model, settings.learningRate(), Math.max(1, settings.steps() / 10),
                        settings.steps(), settings.seed())) {
            List<String> lines = new ArrayList<>();
            // the task schedule: pretraining, then each task with examples, round robin
            List<Task> scheduled = new ArrayList<>();
            List<Task> untrained = new ArrayList<>();
            for (Task task : settings.architecture().objectives().tasks()) {
                (ImageTextCorpus.of(task, corpus.trainTasks()).isEmpty() ? untrained : scheduled).add(task);
            }
            java.util.Map<String, Float> latest = new java.util.HashMap<>();
            while (step < settings.steps() && !stop.getAsBoolean()) {
                Random random = new Random(settings.seed() * 7_919L + step);
                int slot = step % (1 + scheduled.size());
                ImageTextTrainer.StepResult r;
                if (slot == 0) {
                    r = trainer.step(sample(corpus.train(), settings.batch(), random));
                } else {
                    Task task = scheduled.get(slot - 1);
                    r = trainer.step(task, sample(ImageTextCorpus.of(task, corpus.trainTasks()), settings.batch(), random));
                }
                step = r.step();
                latest.putAll(r.losses());
                if (columns == null) {
                    columns = new ArrayList<>(r.losses().keySet());
                    for (Task t : scheduled) {
                        columns.add(t.loss());
                    }
                    Files.writeString(folder.resolve("loss.tsv"), "step\t" + String.join("\t", columns) + "\n");
                    first = r.total();
                }
                // with tasks, the loss reported is the sum of every objective's latest value, as the curve draws it
                last = (float) latest.values().stream().mapToDouble(Float::doubleValue).sum();
                // a task a step did not train keeps its latest loss (NaN before its first step)
                StringBuilder line = new StringBuilder(Integer.toString(step));
                for (String c : columns) {
                    line.append('\t').append(latest.getOrDefault(c, Float.NaN));
                }
                lines.add(line.toString());
                if (lines.size() >= 50) {
                    Files.write(folder.resolve("loss.tsv"), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    lines.clear();
                }
                listener.accept(r);
            }
            if (!lines.isEmpty()) {
                Files.write(folder.resolve("loss.tsv"), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = step * (double) Math.min(settings.batch(), corpus.train().size()) / Math.max(1e-9, seconds);
            if (step < settings.steps()) {
                writeState(folder, settings, "stopped", step);
                return new Result(false, step, first, last, rate, trainer.skipped(), trainer.lastNotFinite(), untrained);
            }
            Path done = folder.resolve("model");
            model.save(done);
            corpus.classes().save(done);
            corpus.scaling().save(done);
            pictures.save(done);
            writeState(folder, settings, "done", step);
            return new Result(true, step, first, last, rate, trainer.skipped(), trainer.lastNotFinite(), untrained);
        }
    }

    /** {@code batch} examples drawn with replacement from {@code examples} (all of them when fewer). */
    private static <T> List<T> sample(List<T> examples, int batch, Random random) {
        List<T> drawn = new ArrayList<>(batch);
        for (int i = 0; i < Math.min(batch, examples.size()); i++) {
            drawn.add(examples.get(random.nextInt(examples.size())));
        }
        return drawn;
    }

    private static void writeState(Path folder, Settings settings, String state, int step) throws IOException {
        Properties p = io.mmstream.models.SavedModels.runState(settings.architecture().id(), settings.size(), settings.steps(),
                settings.batch(), settings.learningRate(), settings.seed(), state, step);
        p.setProperty("max_words", Integer.toString(settings.maxWords()));
        io.mmstream.models.SavedModels.describe(folder, "run", p, "mmstream image-text pretraining run");
    }

    /** A one-line summary of a step's losses. */
    public static String describe(ImageTextTrainer.StepResult r) {
        StringBuilder s = new StringBuilder();
        r.losses().forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%s %.3f", k, v)));
        return s.toString();
    }
}
