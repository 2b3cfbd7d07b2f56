package io.mmstream.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import java.util.List;

/**
 * Trains a {@link ClipModel} one batch of pairs at a time: Adam, a linear warm-up to the learning
 * rate, the contrastive loss; each step's arrays in a manager of their own, closed after the step.
 * A NaN or exploding loss stops training, naming the step.
 */
public final class ClipTrainer implements AutoCloseable {

    private final ClipModel model;
    private final Trainer trainer;
    private int step;

    public ClipTrainer(ClipModel model, float learningRate, int warmUpSteps) {
        this.model = model;
        Tracker constant = Tracker.fixed(learningRate);
        Tracker schedule = warmUpSteps > 0
                ? WarmUpTracker.builder().setMainTracker(constant).optWarmUpSteps(warmUpSteps).optWarmUpBeginValue(0f).build()
                : constant;
        // the loss is computed by ContrastiveLoss; the trainer's own loss is never evaluated
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(schedule).build())
                .optDevices(new ai.djl.Device[] {io.mmstream.models.videobert.VideoBert.device()});
        this.trainer = model.model().newTrainer(config);
    }

    /** One step on {@code pairs} (at least two: the others of a batch are each pair's negatives); returns the loss. */
    public float step(List<ClipPair> pairs) {
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("a contrastive batch needs at least two pairs");
        }
        try (NDManager batch = model.model().getNDManager().newSubManager()) {
            NDList inputs = ClipBatch.of(pairs, model.config(), batch);
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList outputs = trainer.forward(inputs);
                NDArray loss = ContrastiveLoss.of(outputs, batch);
                value = loss.getFloat();
                if (Float.isNaN(value) || Float.isInfinite(value) || value > 1e4f) {
                    throw new IllegalStateException("the contrastive loss diverged (" + value + ") at step " + (step + 1));
                }
                collector.backward(loss);
            }
            trainer.step();
            step++;
            return value;
        }
    }

    public int stepsDone() {
        return step;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
