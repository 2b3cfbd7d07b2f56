package io.mmstream.models.videobert;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One pretraining run in a folder of its own: its settings, checkpoints every so many steps, a
 * loss history, and at the end the trained model. A run stopped by a crash, Ctrl-C or a diverging
 * loss resumes from its last checkpoint: same weights, Adam's moment estimates, learning-rate
 * schedule, and the same batches and dropout from there on (each step draws from a seed of its
 * own), so it ends where an uninterrupted run would.
 *
 * <p>Layout: {@code run.properties} (settings, state, last checkpoint), {@code checkpoint-NNNNNN/}
 * (a saved {@link VideoBert} and the optimizer's state), {@code loss.tsv} (step, masked-token loss, alignment loss), and
 * {@code model/} once done.
 */
public final class PretrainingRun implements AutoCloseable {

    /**
     * What a run does.
     *
     * @param size the model size (small, base, large)
     * @param steps steps in all
     * @param batch segments per step
     * @param learningRate peak learning rate
     * @param warmUpSteps steps of linear warm-up
     * @param seed seed of the initial weights and of every batch
     * @param checkpointEvery steps between checkpoints
     */
    public record Settings(String size, int steps, int batch, float learningRate, int warmUpSteps, long seed, int checkpointEvery) {

        public Settings {
            VideoBertConfig.named(size);
            if (steps < 1 || batch < 1 || checkpointEvery < 1 || !(learningRate > 0) || warmUpSteps < 0) {
                throw new IllegalArgumentException("invalid pretraining settings: " + steps + " steps, batch " + batch
                        + ", learning rate " + learningRate + ", " + warmUpSteps + " warm-up steps, checkpoint every " + checkpointEvery);
            }
        }
    }

    /** What a caller hears as the run goes. */
    public interface Listener {

        /** A step was taken. */
        void stepped(VideoBertTrainer.StepResult result);

        /** A checkpoint of {@code step} steps was written. */
        default void checkpointed(int step) {}
    }

    private final Path folder;
    private final Settings settings;
    private final VideoBert model;
    private int step;
    /** The last checkpoint written (a folder name), or null before the first. */
    private String checkpoint;
    private int checkpointStep;

    private PretrainingRun(Path folder, Settings settings, VideoBert model, int step, String checkpoint) {
        this.folder = folder;
        this.settings = settings;
        this.model = model;
        this.step = step;
        this.checkpoint = checkpoint;
        this.checkpointStep = checkpoint == null ? 0 : step;
    }

    /**
     * Starts a run in {@code folder} (which must not hold one): a fresh model whose visual-word
     * embeddings start from {@code centroids} when given (one row per codebook leaf).
     */
    public static PretrainingRun start(Path folder, VideoBertVocabulary vocabulary, Settings settings, float[][] centroids)
            throws IOException {
        if (Files.exists(folder.resolve("run.properties"))) {
            throw new IllegalStateException(folder + " already holds a run");
        }
        Files.createDirectories(folder);
        VideoBert model = VideoBert.create(vocabulary, VideoBertConfig.named(settings.size()), settings.seed());
        if (centroids != null) {
            model.initialiseVisualWords(centroids, settings.seed());
        }
        PretrainingRun run = new PretrainingRun(folder, settings, model, 0, null);
        run.writeState("running");
        Files.writeString(folder.resolve("loss.tsv"), "step\tmasked\talignment\n");
        return run;
    }

    /**
     * Resumes the run in {@code folder} from its last checkpoint (or from the start when it has none).
     *
     * @throws MalformedModelException when the checkpoint is corrupt or does not fit the run
     */
    public static PretrainingRun resume(Path folder, VideoBertVocabulary vocabulary) throws IOException, MalformedModelException {
        Properties p = read(folder);
        Settings settings = new Settings(p.getProperty("size"), Integer.parseInt(p.getProperty("steps")),
                Integer.parseInt(p.getProperty("batch")), Float.parseFloat(p.getProperty("learning_rate")),
                Integer.parseInt(p.getProperty("warm_up_steps")), Long.parseLong(p.getProperty("seed")),
                Integer.parseInt(p.getProperty("checkpoint_every")));
        String checkpoint = p.getProperty("checkpoint", "");
        VideoBert model;
        int step;
        if (checkpoint.isEmpty()) {
            model = VideoBert.create(vocabulary, VideoBertConfig.named(settings.size()), settings.seed());
            step = 0;
        } else {
            model = VideoBert.load(folder.resolve(checkpoint));
            if (!model.vocabulary().equals(vocabulary)) {
                model.close();
                throw new MalformedModelException(folder.resolve(checkpoint) + " was trained for " + model.vocabulary()
                        + ", the current codebook makes " + vocabulary);
            }
            step = Integer.parseInt(p.getProperty("step"));
        }
        PretrainingRun run = new PretrainingRun(folder, settings, model, step, checkpoint.isEmpty() ? null : checkpoint);
        run.truncateLoss(step);
        return run;
    }

    /** The state of the run in {@code folder}: running or done, and its step; null when there is none. */
    public static Properties describe(Path folder) {
        try {
            return Files.exists(folder.resolve("run.properties")) ? read(folder) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Properties read(Path folder) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(folder.resolve("run.properties"))) {
            p.load(in);
        }
        return p;
    }

    /**
     * Trains until the run's last step or until {@code stop}; checkpoints every
     * {@link Settings#checkpointEvery} steps and at a stop. At the last step the model is saved as
     * {@code model/} and the run is done.
     *
     * @return true when the run is done, false when it was stopped before
     * @throws VideoBertTrainer.DivergedException on a NaN or exploding loss; the last checkpoint is kept
     */
    public boolean train(PretrainingCorpus corpus, Listener listener, BooleanSupplier stop) throws IOException {
        try (VideoBertTrainer trainer = new VideoBertTrainer(model, settings.learningRate(), settings.warmUpSteps(),
                settings.steps(), step, settings.seed())) {
            if (checkpoint != null && checkpointStep == step) {
                trainer.loadState(folder.resolve(checkpoint));
            }
            List<String> losses = new ArrayList<>();
            while (step < settings.steps()) {
                if (stop.getAsBoolean()) {
                    appendLoss(losses);
                    checkpoint(trainer);
                    listener.checkpointed(step);
                    return false;
                }
                Random random = new Random(settings.seed() * 1_000_003L + step);
                VideoBertTrainer.StepResult r;
                try {
                    r = trainer.step(corpus.batch(settings.batch(), random));
                } catch (VideoBertTrainer.DivergedException e) {
                    appendLoss(losses);
                    throw new VideoBertTrainer.DivergedException(e.getMessage() + "; training stopped, the checkpoint at step "
                            + checkpointStep + " is kept");
                }
                step = r.step();
                losses.add(r.step() + "\t" + r.maskedTokenLoss() + "\t" + r.alignmentLoss());
                listener.stepped(r);
                if (step % settings.checkpointEvery() == 0 && step < settings.steps()) {
                    appendLoss(losses);
                    checkpoint(trainer);
                    listener.checkpointed(step);
                }
            }
            appendLoss(losses);
            Path done = folder.resolve("model");
            model.save(done);
            writeState("done");
            return true;
        }
    }

    private void appendLoss(List<String> lines) throws IOException {
        if (!lines.isEmpty()) {
            Files.write(folder.resolve("loss.tsv"), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            lines.clear();
        }
    }

    /** Drops the history past {@code step}: those steps are taken again after a resume. */
    private void truncateLoss(int upTo) throws IOException {
        Path file = folder.resolve("loss.tsv");
        if (!Files.exists(file)) {
            Files.writeString(file, "step\tmasked\talignment\n");
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String first = line.split("\t", 2)[0];
            if (!first.matches("\\d+") || Integer.parseInt(first) <= upTo) {
                kept.add(line);
            }
        }
        Files.write(file, kept);
    }

    /** Saves a checkpoint of the current step beside the others, then points the run at it and drops the older ones. */
    private void checkpoint(VideoBertTrainer trainer) throws IOException {
        String name = String.format("checkpoint-%06d", step);
        if (Files.isDirectory(folder.resolve(name))) {
            return;
        }
        Path tmp = folder.resolve(name + ".tmp");
        deleteTree(tmp);
        model.save(tmp);
        trainer.saveState(tmp);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        checkpoint = name;
        checkpointStep = step;
        writeState("running");
        try (var old = Files.list(folder)) {
            for (Path p : old.filter(f -> f.getFileName().toString().startsWith("checkpoint-")
                    && !f.getFileName().toString().equals(name)).toList()) {
                deleteTree(p);
            }
        }
    }

    private void writeState(String state) throws IOException {
        Properties p = new Properties();
        p.setProperty("architecture", "videobert");
        p.setProperty("size", settings.size());
        p.setProperty("steps", Integer.toString(settings.steps()));
        p.setProperty("batch", Integer.toString(settings.batch()));
        p.setProperty("learning_rate", Float.toString(settings.learningRate()));
        p.setProperty("warm_up_steps", Integer.toString(settings.warmUpSteps()));
        p.setProperty("seed", Long.toString(settings.seed()));
        p.setProperty("checkpoint_every", Integer.toString(settings.checkpointEvery()));
        p.setProperty("state", state);
        p.setProperty("step", Integer.toString(state.equals("done") ? step : checkpointStep));
        p.setProperty("checkpoint", checkpoint == null ? "" : checkpoint);
        Path tmp = folder.resolve("run.properties.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "mmstream pretraining run");
        }
        Files.move(tmp, folder.resolve("run.properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Steps taken so far. */
    public int step() {
        return step;
    }

    public Settings settings() {
        return settings;
    }

    public VideoBert model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
