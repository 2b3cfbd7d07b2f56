package io.mmstream.models.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * InfoNCE as CLIP trains with it: the B x B similarities of a batch's texts and videos, scaled by the
 * learned temperature (capped at 100, as CLIP does), cross-entropy towards the diagonal both ways
 * (text to video, video to text), averaged.
 */
public final class ContrastiveLoss {

    /** CLIP clips its logit scale at 100 so training stays stable. */
    static final float MAX_SCALE = 100f;

    private ContrastiveLoss() {}

    /** The loss of a forward's outputs (text embeddings, video embeddings, log scale): a scalar. */
    public static NDArray of(NDList outputs, NDManager manager) {
        NDArray t = outputs.get(0);
        NDArray v = outputs.get(1);
        NDArray scale = outputs.get(2).exp().minimum(MAX_SCALE);
        NDArray logits = t.matMul(v.transpose()).mul(scale);
        long batch = t.getShape().get(0);
        NDArray labels = manager.arange(0, (int) batch, 1, DataType.INT64);
        return crossEntropy(logits, labels).add(crossEntropy(logits.transpose(), labels)).div(2f);
    }

    /** Mean cross-entropy of rows of {@code logits} against class {@code labels}. */
    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.mul(labels.oneHot((int) logits.getShape().get(1)).toType(DataType.FLOAT32, false)).sum(new int[] {1});
        return picked.mean().neg();
    }
}
