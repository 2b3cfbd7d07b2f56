package io.mmstream.models.generative;

import ai.djl.ndarray.NDArray;

/**
 * The Gumbel-softmax relaxation of a categorical choice (Jang et al. 2017; Maddison et al. 2017), as DALL-E's
 * discrete VAE uses it: {@code softmax((logits + g) / tau)} with {@code g = -log(-log(u))}, u uniform,
 * which tends to a one-hot sample of {@code softmax(logits)} as tau drops.
 */
public final class GumbelSoftmax {

    private GumbelSoftmax() {}

    /** The relaxed one-hot over {@code axis} of {@code logits} at temperature {@code tau}; noise from the logits' manager (seeded by the engine). */
    public static NDArray relax(NDArray logits, float tau, int axis) {
        NDArray u = logits.getManager().randomUniform(1e-6f, 1f - 1e-6f, logits.getShape());
        NDArray gumbel = u.log().neg().log().neg();
        return logits.add(gumbel).div(tau).softmax(axis);
    }
}
