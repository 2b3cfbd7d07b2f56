package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.mmstream.models.LearningRates;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pretrains a {@link VideoBert} one batch at a time: Adam, a linear warm-up then a linear decay of
 * the learning rate, the masked-token and alignment losses summed. Each step's arrays live in a
 * manager of their own, closed at the end of the step, so memory stays flat however long it runs.
 * Each step seeds dropout from the trainer's seed and the step's number, and the optimizer's state
 * is saved with a checkpoint, so a run resumed from one takes the same steps as one never stopped.
 */
public final class VideoBertTrainer implements AutoCloseable {

    /** A step's losses (mean over its batch) and the real tokens it saw. */
    public record StepResult(int step, float maskedTokenLoss, float alignmentLoss, long tokens) {

        public float total() {
            return maskedTokenLoss + alignmentLoss;
        }
    }

    /** A loss that is not a number or has exploded: training stops there. */
    public static final class DivergedException extends RuntimeException {
        public DivergedException(String message) {
            super(message);
        }
    }

    /** A loss above this is taken for an explosion (a fresh model's is about ln(vocabulary) = 11). */
    static final float EXPLODED = 1e4f;

    private final VideoBert model;
    private final Trainer trainer;
    private final ResumableAdam optimizer;
    private final long seed;
    private int step;

    /**
     * A trainer with peak learning rate {@code learningRate}, reached after {@code warmUpSteps} and
     * decayed linearly to 0 at {@code totalSteps}; {@code firstStep} continues a resumed run.
     */
    public VideoBertTrainer(VideoBert model, float learningRate, int warmUpSteps, int totalSteps, int firstStep) {
        this(model, learningRate, warmUpSteps, totalSteps, firstStep, 0);
    }

    /** As above, with dropout seeded from {@code seed} at every step. */
    public VideoBertTrainer(VideoBert model, float learningRate, int warmUpSteps, int totalSteps, int firstStep, long seed) {
        this.model = model;
        this.step = firstStep;
        this.seed = seed;
        Tracker schedule = LearningRates.warmUpThenLinearDecay(learningRate, warmUpSteps, totalSteps, 1000);
        this.optimizer = new ResumableAdam(schedule, 1e-6f, firstStep);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optDevices(new ai.djl.Device[] {VideoBert.device()});
        this.trainer = model.model().newTrainer(config);
    }

    /** Trains on one batch of {@code examples}; throws {@link DivergedException} on a NaN or exploding loss. */
    public StepResult step(List<PretrainingExample> examples) {
        model.model().getNDManager().getEngine().setRandomSeed((int) (seed * 1_000_003L + step));
        try (NDManager batchManager = model.model().getNDManager().newSubManager()) {
            PretrainingBatch batch = PretrainingBatch.of(examples, batchManager);
            float masked;
            float align;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList outputs = trainer.forward(batch.inputs());
                NDList losses = PretrainingLoss.of(outputs, batch);
                NDArray total = losses.get(0).add(losses.get(1));
                masked = losses.get(0).getFloat();
                align = losses.get(1).getFloat();
                float sum = masked + align;
                if (Float.isNaN(sum) || Float.isInfinite(sum) || sum > EXPLODED) {
                    throw new DivergedException("loss " + sum + " at step " + (step + 1) + " (batch of " + examples.size()
                            + " segments, " + batch.tokens() + " tokens)");
                }
                collector.backward(total);
            }
            optimizer.beginStep();
            trainer.step();
            step++;
            return new StepResult(step, masked, align, batch.tokens());
        }
    }

    /** Saves the optimizer's state into {@code checkpoint}, a folder the model is saved in. */
    public void saveState(Path checkpoint) throws IOException {
        Map<String, String> namesById = new HashMap<>();
        model.model().getBlock().getParameters().forEach(p -> namesById.put(p.getValue().getId(), p.getKey()));
        optimizer.save(checkpoint, namesById);
    }

    /**
     * Loads the optimizer's state saved in {@code checkpoint}; false when it has none (a checkpoint
     * of an older version: Adam's moments then start afresh).
     */
    public boolean loadState(Path checkpoint) throws IOException {
        Map<String, String> idsByName = new HashMap<>();
        model.model().getBlock().getParameters().forEach(p -> idsByName.put(p.getKey(), p.getValue().getId()));
        return optimizer.load(checkpoint, model.model().getNDManager(), idsByName);
    }

    /** Steps taken, counting those of the run this one resumes. */
    public int stepsDone() {
        return step;
    }

    @Override
    public void close() {
        trainer.close();
        optimizer.close();
    }
}
