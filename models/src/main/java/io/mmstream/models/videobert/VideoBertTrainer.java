package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.util.List;

/**
 * Pretrains a {@link VideoBert} one batch at a time: Adam, a linear warm-up then a linear decay of
 * the learning rate, the masked-token and alignment losses summed. Each step's arrays live in a
 * manager of their own, closed at the end of the step, so memory stays flat however long it runs.
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
    private int step;

    /**
     * A trainer with peak learning rate {@code learningRate}, reached after {@code warmUpSteps} and
     * decayed linearly to 0 at {@code totalSteps}; {@code firstStep} continues a resumed run.
     */
    public VideoBertTrainer(VideoBert model, float learningRate, int warmUpSteps, int totalSteps, int firstStep) {
        this.model = model;
        this.step = firstStep;
        Tracker decay = PolynomialDecayTracker.builder()
                .setBaseValue(learningRate)
                .setEndLearningRate(learningRate / 1000)
                .setDecaySteps(Math.max(1, totalSteps - warmUpSteps))
                .optPower(1f)
                .build();
        Tracker schedule = warmUpSteps > 0
                ? WarmUpTracker.builder().setMainTracker(decay).optWarmUpSteps(warmUpSteps).optWarmUpBeginValue(0f).build()
                : decay;
        Tracker resumed = n -> schedule.getNewValue(n + firstStep);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Adam.builder().optLearningRateTracker(resumed).optEpsilon(1e-6f).build())
                .optDevices(new ai.djl.Device[] {VideoBert.device()});
        this.trainer = model.model().newTrainer(config);
    }

    /** Trains on one batch of {@code examples}; throws {@link DivergedException} on a NaN or exploding loss. */
    public StepResult step(List<PretrainingExample> examples) {
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
            trainer.step();
            step++;
            return new StepResult(step, masked, align, batch.tokens());
        }
    }

    /** Steps taken, counting those of the run this one resumes. */
    public int stepsDone() {
        return step;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
