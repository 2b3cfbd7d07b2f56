package io.mmstream.models.imagetext;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pretraining losses of an architecture on a batch, by name: {@code mlm} (masked words, and Oscar's
 * tags), {@code match} (image-text matching, Oscar's polluted tags), {@code mrc} (masked region class),
 * {@code mrc-kl} (KL divergence to the soft region classes), {@code mrfr} (masked region feature
 * regression, the mean squared error per dimension), {@code wra} (word-region alignment: the optimal-transport distance of right pairs minus
 * that of wrong pairs, as UNITER).
 */
public final class ImageTextLoss {

    private ImageTextLoss() {}

    /** The losses of {@code out} on {@code batch}, each a scalar; their sum is what training minimises. */
    public static Map<String, NDArray> of(ImageTextArchitecture architecture, ImageTextNetwork.Outputs out, ImageTextBatch batch) {
        Objectives o = architecture.objectives();
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put("mlm", mean(crossEntropy(out.tokenLogits(), batch.tokenLabels())));
        if (o.matching()) {
            losses.put("match", crossEntropy(out.matchLogits(), batch.matchLabels()).mean());
        }
        if (o.regionClassification()) {
            losses.put("mrc", mean(crossEntropy(out.regionClassLogits(), batch.regionClassLabels())));
        }
        if (o.regionClassKl()) {
            NDArray target = batch.regionClassTargets();
            NDArray logTarget = target.maximum(1e-12f).log();
            losses.put("mrc-kl", mean(target.mul(logTarget.sub(out.regionClassLogits().logSoftmax(-1))).sum(new int[] {1})));
        }
        if (o.regionFeatureRegression()) {
            losses.put("mrfr", mean(out.regionFeatures().sub(batch.regionFeatureTargets()).pow(2).mean(new int[] {1})));
        }
        if (o.wordRegionAlignment()) {
            losses.put("wra", wordRegionAlignment(out.hidden(), batch));
        }
        return losses;
    }

    /** The mean of {@code perRow}; 0 when it is empty (a batch where UNITER masked only the other modality). */
    private static NDArray mean(NDArray perRow) {
        return perRow.sum().div(Math.max(1, perRow.getShape().get(0)));
    }

    /** -log p(label) per row of {@code logits}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        return logits.logSoftmax(-1).gather(index, 1).reshape(-1).neg();
    }

    /**
     * UNITER's word-region alignment: per pair, the cost {@code 1 - cos(word, region)} between the encoded
     * words and regions, weighted by the transport plan of {@link OptimalTransport} (computed without
     * gradients); the mean distance of right pairs minus that of wrong pairs.
     */
    static NDArray wordRegionAlignment(NDArray hidden, ImageTextBatch batch) {
        BatchPlan plan = batch.plan();
        int b = plan.rows();
        int t = plan.tokenLength();
        int r = plan.regions();
        NDArray words = unit(hidden.get(":, 0:" + t + ", :"));
        NDArray regions = unit(hidden.get(":, " + t + ":, :"));
        NDArray cost = words.batchMatMul(regions.transpose(0, 2, 1)).neg().add(1f);
        float[] c = cost.toFloatArray();
        float[] transport = new float[b * t * r];
        for (int i = 0; i < b; i++) {
            double[][] costs = new double[t][r];
            boolean[] realWords = new boolean[t];
            boolean[] realRegions = new boolean[r];
            for (int p = 0; p < t; p++) {
                realWords[p] = plan.words()[i * t + p] > 0;
                for (int q = 0; q < r; q++) {
                    costs[p][q] = c[(i * t + p) * r + q];
                }
            }
            for (int q = 0; q < r; q++) {
                realRegions[q] = plan.realRegions()[i * r + q] > 0;
            }
            double[][] plan1 = OptimalTransport.plan(costs, realWords, realRegions);
            for (int p = 0; p < t; p++) {
                for (int q = 0; q < r; q++) {
                    transport[(i * t + p) * r + q] = (float) plan1[p][q];
                }
            }
        }
        NDManager manager = hidden.getManager();
        NDArray distance = cost.mul(manager.create(transport, new Shape(b, t, r))).sum(new int[] {1, 2});
        NDArray right = batch.matchLabels();
        NDArray wrong = right.neg().add(1f);
        NDArray loss = distance.mul(right).sum().div(right.sum().maximum(1f));
        if (wrong.sum().getFloat() > 0) {
            loss = loss.sub(distance.mul(wrong).sum().div(wrong.sum()));
        }
        return loss;
    }

    private static NDArray unit(NDArray x) {
        return x.div(x.pow(2).sum(new int[] {2}, true).sqrt().add(1e-6f));
    }
}
