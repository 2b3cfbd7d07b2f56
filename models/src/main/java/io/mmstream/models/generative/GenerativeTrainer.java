package io.mmstream.models.generative;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.mmstream.models.GradientGuard;
import io.mmstream.models.LearningRates;
import io.mmstream.models.videobert.ResumableAdam;
import io.mmstream.models.videobert.VideoBert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a generative model's block one batch at a time on a weighted sum of named losses, as the
 * image-text trainer does: Adam with a linear warm-up then a linear decay, gradients clipped to a global
 * norm of 1, a step whose gradients are not finite not applied; each step's arrays in a manager closed at
 * its end, its noise and dropout drawn from the seed and the step's number.
 */
public final class GenerativeTrainer implements AutoCloseable {

    /** The named losses of one batch, computed with {@code trainer.forward} in {@code manager}. */
    @FunctionalInterface
    public interface Losses {
        Map<String, NDArray> of(Trainer trainer, NDManager manager);
    }

    static final double MAX_GRADIENT_NORM = 1.0;
    static final int MAX_SKIPPED_IN_A_ROW = 20;

    private final Model model;
    private final Trainer trainer;
    private final ResumableAdam optimizer;
    private final long seed;
    private int step;
    private final GradientGuard guard;

    /** A trainer with peak learning rate {@code learningRate} after {@code warmUpSteps}, decayed linearly to {@code totalSteps}. */
    public GenerativeTrainer(Model model, float learningRate, int warmUpSteps, int totalSteps, long seed) {
        this.model = model;
        this.seed = seed;
        Tracker schedule = LearningRates.warmUpThenLinearDecay(learningRate, warmUpSteps, totalSteps, 100);
        optimizer = new ResumableAdam(schedule, 1e-6f, 0);
        guard = new GradientGuard(model, MAX_GRADIENT_NORM, MAX_SKIPPED_IN_A_ROW);
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer)
                .optDevices(new ai.djl.Device[] {VideoBert.device()}));
    }

    /**
     * Trains on one batch: the losses' weighted sum (a loss without a weight counts once).
     *
     * @return each loss's value (unweighted), in the order given
     * @throws IllegalStateException on a loss that is not finite, or gradients not finite 20 steps in a row
     */
    public Map<String, Float> step(Losses losses, Map<String, Float> weights) {
        model.getNDManager().getEngine().setRandomSeed((int) (seed * 1_000_003L + step));
        Map<String, Float> values = new LinkedHashMap<>();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray total = null;
                for (Map.Entry<String, NDArray> e : losses.of(trainer, manager).entrySet()) {
                    values.put(e.getKey(), e.getValue().getFloat());
                    NDArray weighted = e.getValue().mul(weights.getOrDefault(e.getKey(), 1f));
                    total = total == null ? weighted : total.add(weighted);
                }
                float sum = total.getFloat();
                if (!Float.isFinite(sum)) {
                    throw new IllegalStateException("loss " + sum + " at step " + (step + 1) + " " + values);
                }
                collector.backward(total);
            }
        }
        step++;
        guard.apply(() -> {
            optimizer.beginStep();
            trainer.step();
        }, step, values);
        return values;
    }

    /** Steps whose gradients were not finite, and so not applied. */
    public int skipped() {
        return guard.skipped();
    }

    public int steps() {
        return step;
    }

    @Override
    public void close() {
        trainer.close();
        optimizer.close();
    }
}
