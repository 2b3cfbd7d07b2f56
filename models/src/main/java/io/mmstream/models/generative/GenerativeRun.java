package io.mmstream.models.generative;

import io.mmstream.models.SavedModels;
import io.mmstream.models.videobert.VideoBertConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One pretraining run of DALL-E or M6 in a folder of its own: stage 1 trains the discrete VAE (unless one
 * is given: M6 takes the current DALL-E's), with {@code vae-loss.tsv} (reconstruction, kl, tau); stage 2
 * encodes the training pictures to codes and trains the transformer, with {@code loss.tsv} (DALL-E: text,
 * image; M6: caption, image); {@code run.properties}, and once done {@code model/}. Runs are short and
 * not resumed.
 */
public final class GenerativeRun {

    /**
     * What a run does.
     *
     * @param architecture dall-e or m6
     * @param size the transformer's sizes (tiny, small, base, large: VideoBERT's)
     * @param vaeSteps discrete VAE steps (stage 1)
     * @param steps transformer steps (stage 2)
     * @param batch pairs per step
     * @param learningRate the transformer's peak learning rate
     * @param vaeLearningRate the discrete VAE's peak learning rate
     * @param beta weight of the KL term of the discrete VAE
     * @param seed seed of the weights, batches and noise
     */
    public record Settings(GenerativeArchitecture architecture, String size, int vaeSteps, int steps, int batch, float learningRate,
            float vaeLearningRate, float beta, long seed) {

        public Settings {
            VideoBertConfig.named(size);
            if (vaeSteps < 1 || steps < 1 || batch < 1 || !(learningRate > 0) || !(vaeLearningRate > 0) || beta < 0) {
                throw new IllegalArgumentException("invalid pretraining settings: " + vaeSteps + " discrete VAE steps, " + steps
                        + " transformer steps, batch " + batch + ", learning rates " + learningRate + " and " + vaeLearningRate
                        + ", beta " + beta);
            }
        }
    }

    /** How far a run is: the stage ("dvae" or the transformer's), its step and steps, and the last losses. */
    public record Progress(String stage, int step, int steps, Map<String, Float> losses) {

        public String describe() {
            StringBuilder s = new StringBuilder();
            losses.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%s %.3f", k, v)));
            return s.toString();
        }
    }

    /**
     * How a run ended.
     *
     * @param vaeTrained whether stage 1 ran (else the given discrete VAE was used)
     * @param vaePairsPerSecond stage 1's training throughput (NaN when it did not run)
     * @param pairsPerSecond stage 2's
     */
    public record Result(boolean done, boolean vaeTrained, int steps, float firstLoss, float lastLoss, double vaePairsPerSecond,
            double pairsPerSecond, int skipped) {}

    private GenerativeRun() {}

    /**
     * Trains in {@code folder} on {@code train}, until the last step or {@code stop}.
     *
     * @param givenVae a trained discrete VAE to use instead of stage 1 (copied into the model), or null
     * @param textVocabulary word pieces in the vocabulary
     */
    public static Result train(Path folder, List<GenerativeExample> train, Settings settings, Path givenVae, int textVocabulary,
            java.util.function.Consumer<Progress> listener, BooleanSupplier stop) throws IOException, ai.djl.MalformedModelException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        Files.createDirectories(folder);
        writeState(folder, settings, "running", 0, givenVae);
        int batch = Math.min(settings.batch(), train.size());
        boolean vaeTrained = givenVae == null;
        DiscreteVae vae = vaeTrained ? DiscreteVae.create(VaeConfig.standard(), settings.seed()) : DiscreteVae.load(givenVae);
        double vaeRate = Double.NaN;
        try {
            if (vaeTrained) {
                long started = System.nanoTime();
                int done = trainVae(folder, vae, train, settings, batch, listener, stop);
                vaeRate = done * (double) batch / ((System.nanoTime() - started) / 1e9);
                if (done < settings.vaeSteps()) {
                    writeState(folder, settings, "stopped", 0, givenVae);
                    vae.close();
                    return new Result(false, true, 0, Float.NaN, Float.NaN, vaeRate, Double.NaN, 0);
                }
            }
        } catch (RuntimeException | IOException e) {
            vae.close();
            throw e;
        }
        List<int[]> codes = new ArrayList<>();
        for (int from = 0; from < train.size(); from += 256) {
            List<float[]> part = train.subList(from, Math.min(train.size(), from + 256)).stream().map(GenerativeExample::pixels).toList();
            codes.addAll(List.of(vae.encode(part)));
        }
        try (GenerativeModel model = GenerativeModel.create(settings.architecture(), settings.size(), textVocabulary, vae, settings.seed());
                GenerativeTrainer trainer = new GenerativeTrainer(model.model(), settings.learningRate(), Math.max(1, settings.steps() / 10),
                        settings.steps(), settings.seed())) {
            LossFile losses = new LossFile(folder.resolve("loss.tsv"));
            float first = Float.NaN;
            float last = Float.NaN;
            int step = 0;
            long started = System.nanoTime();
            while (step < settings.steps() && !stop.getAsBoolean()) {
                Random random = new Random(settings.seed() * 7_919L + step);
                List<int[]> pieces = new ArrayList<>();
                List<float[]> pictures = new ArrayList<>();
                List<int[]> batchCodes = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    int at = random.nextInt(train.size());
                    pieces.add(train.get(at).pieces());
                    pictures.add(train.get(at).pixels());
                    batchCodes.add(codes.get(at));
                }
                Map<String, Float> values = trainer.step(model.losses(pieces, pictures, batchCodes, random), model.weights());
                step++;
                float total = 0;
                for (Map.Entry<String, Float> e : values.entrySet()) {
                    total += e.getValue() * model.weights().getOrDefault(e.getKey(), 1f);
                }
                first = Float.isNaN(first) ? total : first;
                last = total;
                losses.add(step, values);
                listener.accept(new Progress(settings.architecture().id(), step, settings.steps(), values));
            }
            losses.flush();
            double rate = step * (double) batch / ((System.nanoTime() - started) / 1e9);
            if (step < settings.steps()) {
                writeState(folder, settings, "stopped", step, givenVae);
                return new Result(false, vaeTrained, step, first, last, vaeRate, rate, trainer.skipped());
            }
            model.save(folder.resolve("model"));
            writeState(folder, settings, "done", step, givenVae);
            return new Result(true, vaeTrained, step, first, last, vaeRate, rate, trainer.skipped());
        }
    }

    /** Stage 1: the discrete VAE's steps, tau annealed from 1 to 1/16; returns the steps done. */
    private static int trainVae(Path folder, DiscreteVae vae, List<GenerativeExample> train, Settings settings, int batch,
            java.util.function.Consumer<Progress> listener, BooleanSupplier stop) throws IOException {
        TauSchedule tau = TauSchedule.dalle(settings.vaeSteps());
        LossFile losses = new LossFile(folder.resolve("vae-loss.tsv"));
        int step = 0;
        try (GenerativeTrainer trainer = new GenerativeTrainer(vae.model(), settings.vaeLearningRate(), Math.max(1, settings.vaeSteps() / 20),
                settings.vaeSteps(), settings.seed())) {
            while (step < settings.vaeSteps() && !stop.getAsBoolean()) {
                Random random = new Random(settings.seed() * 104_729L + step);
                List<float[]> pictures = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    pictures.add(train.get(random.nextInt(train.size())).pixels());
                }
                float t = tau.at(step);
                Map<String, Float> values = new java.util.LinkedHashMap<>(trainer.step(vae.losses(pictures, t), Map.of("kl", settings.beta())));
                values.put("tau", t);
                step++;
                losses.add(step, values);
                listener.accept(new Progress("dvae", step, settings.vaeSteps(), values));
            }
        }
        losses.flush();
        return step;
    }

    private static void writeState(Path folder, Settings settings, String state, int step, Path givenVae) throws IOException {
        Properties p = SavedModels.runState(settings.architecture().id(), settings.size(), settings.steps(), settings.batch(),
                settings.learningRate(), settings.seed(), state, step);
        p.setProperty("vae_steps", Integer.toString(settings.vaeSteps()));
        p.setProperty("vae_learning_rate", Float.toString(settings.vaeLearningRate()));
        p.setProperty("beta", Float.toString(settings.beta()));
        p.setProperty("vae", givenVae == null ? "trained in this run" : givenVae.toString());
        SavedModels.describe(folder, "run", p, "mmstream " + settings.architecture().id() + " pretraining run");
    }

    /** A TSV of losses: the step, then one column per loss in the order first met; written every 50 rows. */
    private static final class LossFile {

        private final Path file;
        private final List<String> pending = new ArrayList<>();
        private List<String> columns;

        LossFile(Path file) {
            this.file = file;
        }

        void add(int step, Map<String, Float> values) throws IOException {
            if (columns == null) {
                columns = new ArrayList<>(values.keySet());
                Files.writeString(file, "step\t" + String.join("\t", columns) + "\n");
            }
            StringBuilder line = new StringBuilder(Integer.toString(step));
            for (String c : columns) {
                line.append('\t').append(values.get(c));
            }
            pending.add(line.toString());
            if (pending.size() >= 50) {
                flush();
            }
        }

        void flush() throws IOException {
            if (!pending.isEmpty()) {
                Files.write(file, pending, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                pending.clear();
            }
        }
    }
}
