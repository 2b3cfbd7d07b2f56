package io.mmstream.models.generative;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import io.mmstream.models.videobert.ResumableAdam;
import io.mmstream.models.videobert.VideoBert;
import java.util.ArrayList;
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
    private int skipped;
    private int skippedInARow;

    /** A trainer with peak learning rate {@code learningRate} after {@code warmUpSteps}, decayed linearly to {@code totalSteps}. */
    public GenerativeTrainer(Model model, float learningRate, int warmUpSteps, int totalSteps, long seed) {
        this.model = model;
        this.seed = seed;
        Tracker decay = PolynomialDecayTracker.builder().setBaseValue(learningRate).setEndLearningRate(learningRate / 100)
                .setDecaySteps(Math.max(1, totalSteps - warmUpSteps)).optPower(1f).build();
        Tracker schedule = warmUpSteps > 0
                ? WarmUpTracker.builder().setMainTracker(decay).optWarmUpSteps(warmUpSteps).optWarmUpBeginValue(0f).build()
                : decay;
        optimizer = new ResumableAdam(schedule, 1e-6f, 0);
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
        if (clipGradients()) {
            optimizer.beginStep();
            trainer.step();
            skippedInARow = 0;
        } else {
            skipped++;
            if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                throw new IllegalStateException("gradients not finite " + skippedInARow + " steps in a row, up to step " + step);
            }
            // zeroed by assignment: subtracting a NaN from itself leaves a NaN
            try (NDManager scratch = model.getNDManager().newSubManager()) {
                for (var p : model.getBlock().getParameters()) {
                    NDArray g = p.getValue().getArray().getGradient();
                    g.attach(scratch);
                    g.set(new NDIndex("..."), 0f);
                }
            }
        }
        return values;
    }

    /** Scales the gradients down to a global norm of 1 when above it; false when one is not finite. */
    private boolean clipGradients() {
        // gradient handles come in the model's long-lived manager: moved to a scratch one, they are freed with it
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            List<NDArray> gradients = new ArrayList<>();
            double squares = 0;
            for (var p : model.getBlock().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.attach(scratch);
                gradients.add(g);
                squares += g.pow(2).sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                return false;
            }
            if (norm > MAX_GRADIENT_NORM) {
                float scale = (float) (MAX_GRADIENT_NORM / norm);
                for (NDArray g : gradients) {
                    g.muli(scale);
                }
            }
            return true;
        }
    }

    /** Steps whose gradients were not finite, and so not applied. */
    public int skipped() {
        return skipped;
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
