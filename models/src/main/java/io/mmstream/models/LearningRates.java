package io.mmstream.models;

import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/** The learning rate schedule every trainer here uses: a linear warm-up from 0, then a linear decay. */
public final class LearningRates {

    private LearningRates() {}

    /**
     * {@code peak} reached after {@code warmUpSteps} (none when 0), then decayed linearly to
     * {@code peak / endDivisor} at {@code totalSteps}.
     */
    public static Tracker warmUpThenLinearDecay(float peak, int warmUpSteps, int totalSteps, float endDivisor) {
        Tracker decay = PolynomialDecayTracker.builder().setBaseValue(peak).setEndLearningRate(peak / endDivisor)
                .setDecaySteps(Math.max(1, totalSteps - warmUpSteps)).optPower(1f).build();
        return warmUpSteps > 0
                ? WarmUpTracker.builder().setMainTracker(decay).optWarmUpSteps(warmUpSteps).optWarmUpBeginValue(0f).build()
                : decay;
    }
}
