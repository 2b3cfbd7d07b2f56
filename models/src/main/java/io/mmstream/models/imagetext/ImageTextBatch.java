package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A {@link BatchPlan} on the device: the network's seven inputs and the targets of the losses.
 *
 * @param inputs ids, types, attention, features, geometry, masked token positions, masked region positions
 * @param tokenLabels (M) ids to predict
 * @param regionClassLabels (N) classes of the masked regions
 * @param regionClassTargets (N, classes) soft targets
 * @param regionFeatureTargets (N, F) original features
 * @param matchLabels (B) 1 for a right pair, 0 for a wrong one
 * @param plan the arrays it was made from
 */
public record ImageTextBatch(NDList inputs, NDArray tokenLabels, NDArray regionClassLabels, NDArray regionClassTargets,
        NDArray regionFeatureTargets, NDArray matchLabels, BatchPlan plan) {

    /** Puts {@code plan} on {@code manager} (close the manager to free it). */
    public static ImageTextBatch of(BatchPlan plan, ImageTextConfig config, NDManager manager) {
        int b = plan.rows();
        int t = plan.tokenLength();
        int r = plan.regions();
        int l = plan.length();
        int f = config.featureDimension();
        NDList inputs = new NDList(
                manager.create(plan.ids(), new Shape(b, t)),
                manager.create(plan.types(), new Shape(b, t)),
                manager.create(plan.attention(), new Shape(b, l, l)),
                manager.create(plan.features(), new Shape(b, r, f)),
                manager.create(plan.geometry(), new Shape(b, r, 5)),
                manager.create(plan.maskedTokens()),
                manager.create(plan.maskedRegions()));
        int n = plan.maskedRegions().length;
        return new ImageTextBatch(inputs, manager.create(plan.tokenLabels()), manager.create(plan.regionClassLabels()),
                manager.create(plan.regionClassTargets(), new Shape(n, config.regionClasses())),
                manager.create(plan.regionFeatureTargets(), new Shape(n, f)), manager.create(plan.matchLabels()), plan);
    }
}
