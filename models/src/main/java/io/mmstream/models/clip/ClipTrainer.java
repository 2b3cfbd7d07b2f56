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
import io.mmstream.models.LearningRates;
import java.util.List;

/**
 * Trains a {@link ClipModel} one batch of pairs (segments and their words, or pictures and their captions)
 * at a time: Adam, a linear warm-up to the learning rate (then, given the run's length, a linear decay),
 * the contrastive loss; each step's arrays in a manager of their own, closed after the step. A NaN or
 * exploding loss stops training, naming the step.
 */
public final class ClipTrainer implements AutoCloseable {

    private final ClipModel model;
    private final Trainer trainer;
    private int step;

    /** A trainer whose rate rises linearly over {@code warmUpSteps} to {@code learningRate}, then stays. */
    public ClipTrainer(ClipModel model, float learningRate, int warmUpSteps) {
        this(model, warmUp(Tracker.fixed(learningRate), warmUpSteps));
    }

    /**
     * A trainer whose rate rises linearly over {@code warmUpSteps} to {@code learningRate}, then falls linearly
     * to a hundredth of it at {@code totalSteps} (as ViTs are trained from scratch).
     */
    public ClipTrainer(ClipModel model, float learningRate, int warmUpSteps, int totalSteps) {
        this(model, LearningRates.warmUpThenLinearDecay(learningRate, warmUpSteps, totalSteps, 100));
    }

    private static Tracker warmUp(Tracker main, int warmUpSteps) {
        return warmUpSteps > 0 ? WarmUpTracker.builder().setMainTracker(main).optWarmUpSteps(warmUpSteps).optWarmUpBeginValue(0f).build()
                : main;
    }

    private ClipTrainer(ClipModel model, Tracker schedule) {
        this.model = model;
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
        return step(batch -> ClipBatch.of(pairs, model.config(), batch));
    }

    /**
     * One step on pictures (cut into patches, {@link PicturePixels}) and their texts' sentence vectors, at
     * least two; returns the loss.
     */
    public float stepPictures(List<float[]> texts, List<float[]> patches) {
        if (texts.size() < 2 || texts.size() != patches.size()) {
            throw new IllegalArgumentException("a contrastive batch needs at least two pictures, each with its text");
        }
        return step(batch -> {
            NDList inputs = ClipBatch.texts(texts, batch);
            inputs.addAll(ClipBatch.pictures(patches, model.imageTower(), batch));
            return inputs;
        });
    }

    private float step(java.util.function.Function<NDManager, NDList> arrays) {
        // the engine's dropout draws from the seed and the step, so runs repeat
        model.model().getNDManager().getEngine().setRandomSeed(1_000_003 * (step + 1));
        try (NDManager batch = model.model().getNDManager().newSubManager()) {
            NDList inputs = arrays.apply(batch);
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
