package io.mmstream.models.videobert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * VideoBERT's pretraining objective: cross-entropy of the masked tokens (text, video and joint
 * masked modelling share one vocabulary, so one term covers the three) plus the cross-entropy of
 * the alignment head on the segments that have both text and video.
 */
public final class PretrainingLoss {

    private PretrainingLoss() {}

    /**
     * The parts of the loss of {@code outputs} (from {@link VideoBertPretraining}) on {@code batch}.
     *
     * @return the masked-token loss and the alignment loss (0 when no segment has both sides)
     */
    public static NDList of(NDList outputs, PretrainingBatch batch) {
        NDArray tokenLogits = outputs.get(1);
        NDArray alignLogits = outputs.get(2);
        NDArray masked = crossEntropy(tokenLogits, batch.maskedLabels()).mean();
        NDArray perSegment = crossEntropy(alignLogits, batch.alignLabels());
        NDArray weights = batch.alignWeights();
        NDArray align = perSegment.mul(weights).sum().div(weights.sum().maximum(1f));
        return new NDList(masked, align);
    }

    /** -log p(label) per row of {@code logits}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray index = labels.toType(DataType.INT64, false).reshape(-1, 1);
        return logProbs.gather(index, 1).reshape(-1).neg();
    }
}
