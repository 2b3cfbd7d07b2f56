package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
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
import java.util.Random;
import java.util.function.Function;

/**
 * Pretrains an {@link ImageTextModel} one batch at a time on its architecture's objectives, summed:
 * Adam with a linear warm-up then a linear decay, as VideoBERT's trainer, gradients clipped to a global
 * norm of 1. Each step's arrays live in a
 * manager closed at the end of the step, and each step draws its corruption and dropout from the seed
 * and the step's number.
 */
public final class ImageTextTrainer implements AutoCloseable {

    /** A step's losses by name (mean over its batch) and the tokens and regions it saw. */
    public record StepResult(int step, Map<String, Float> losses, long tokens) {

        public float total() {
            float sum = 0;
            for (float v : losses.values()) {
                sum += v;
            }
            return sum;
        }
    }

    /** Gradients are clipped to this global norm. */
    static final double MAX_GRADIENT_NORM = 1.0;
    /** Training stops after this many steps in a row whose gradients were not finite. */
    static final int MAX_SKIPPED_IN_A_ROW = 20;

    private final ImageTextModel model;
    private final Trainer trainer;
    private final ResumableAdam optimizer;
    private final long seed;
    private int step;
    private final GradientGuard guard;

    /** A trainer with peak learning rate {@code learningRate} after {@code warmUpSteps}, decayed linearly to {@code totalSteps}. */
    public ImageTextTrainer(ImageTextModel model, float learningRate, int warmUpSteps, int totalSteps, long seed) {
        this.model = model;
        this.seed = seed;
        Tracker schedule = LearningRates.warmUpThenLinearDecay(learningRate, warmUpSteps, totalSteps, 1000);
        optimizer = new ResumableAdam(schedule, 1e-6f, 0);
        guard = new GradientGuard(model.model(), MAX_GRADIENT_NORM, MAX_SKIPPED_IN_A_ROW);
        trainer = model.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer)
                .optDevices(new ai.djl.Device[] {VideoBert.device()}));
    }

    /** Trains on one batch of {@code examples}; {@link IllegalStateException} on a NaN or exploding loss. */
    public StepResult step(List<ImageTextExample> examples) {
        Random random = new Random(seed * 1_000_003L + step);
        BatchPlan plan = BatchPlan.of(examples, model.architecture(), model.config(), model.vocabulary(), random);
        return train(plan, batch -> {
            NDList out = trainer.forward(batch.inputs());
            return ImageTextLoss.of(model.architecture(), ImageTextNetwork.Outputs.of(out, model.architecture()), batch);
        });
    }

    /**
     * Trains one batch of a task's examples: the task's text and the regions, nothing masked, its head's
     * cross-entropy against the right labels (the loss named {@link Task#loss()}).
     */
    public StepResult step(Task task, List<TaskExample> examples) {
        BatchPlan plan = BatchPlan.plain(examples.stream().map(TaskExample::example).toList(), model.architecture(), model.config(),
                model.vocabulary(), false);
        int[] labels = examples.stream().mapToInt(TaskExample::label).toArray();
        return train(plan, batch -> {
            NDManager manager = batch.matchLabels().getManager();
            ParameterStore store = new ParameterStore(manager, false);
            NDArray hidden = model.network().encode(store, batch, true);
            NDArray logits = model.taskLogits(task, store, hidden, true);
            Map<String, NDArray> losses = new LinkedHashMap<>();
            losses.put(task.loss(), ImageTextLoss.crossEntropy(logits, manager.create(labels)).mean());
            return losses;
        });
    }

    private StepResult train(BatchPlan plan, Function<ImageTextBatch, Map<String, NDArray>> lossesOf) {
        model.model().getNDManager().getEngine().setRandomSeed((int) (seed * 1_000_003L + step));
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            ImageTextBatch batch = ImageTextBatch.of(plan, model.config(), manager);
            Map<String, Float> values = new LinkedHashMap<>();
            try (GradientCollector collector = trainer.newGradientCollector()) {
                Map<String, NDArray> losses = lossesOf.apply(batch);
                NDArray total = null;
                for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                    values.put(e.getKey(), e.getValue().getFloat());
                    total = total == null ? e.getValue() : total.add(e.getValue());
                }
                float sum = total.getFloat();
                if (!Float.isFinite(sum) || sum > 1e4f) {
                    throw new IllegalStateException("loss " + sum + " at step " + (step + 1) + " " + values);
                }
                collector.backward(total);
            }
            step++;
            guard.apply(() -> {
                optimizer.beginStep();
                trainer.step();
            }, step, values);
            return new StepResult(step, values, plan.realTokens());
        }
    }

    /** The parameters whose gradients were not finite at the last skipped step. */
    public List<String> lastNotFinite() {
        return guard.lastNotFinite();
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
