package io.mmstream.models.clip;

import io.mmstream.frames.RgbFrame;
import java.util.List;

/**
 * Zero-shot classification as CLIP does it: each label put into a prompt ("a picture of a {label}"),
 * the prompts' sentence vectors through the text tower, and each picture's similarities with them
 * scaled by the learned temperature and turned into probabilities by a softmax.
 */
public final class ZeroShot {

    private ZeroShot() {}

    /** The prompt with {@code label} in place of its {@code {}} (or of {@code {label}}). */
    public static String prompt(String template, String label) {
        return template.replace("{label}", "{}").replace("{}", label);
    }

    /** Per picture, the probability of each label, in the labels' order; {@code labels} are the prompts' sentence vectors. */
    public static float[][] probabilities(ClipModel model, List<RgbFrame> pictures, List<float[]> labels) {
        return probabilities(model, model.embedPictures(pictures), labels);
    }

    /** The same for pictures already in the shared space. */
    static float[][] probabilities(ClipModel model, float[][] pictures, List<float[]> labels) {
        float[][] texts = model.embedTexts(labels);
        float scale = Math.min(ContrastiveLoss.MAX_SCALE, model.logitScale());
        float[][] out = new float[pictures.length][labels.size()];
        for (int i = 0; i < pictures.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] logits = new double[texts.length];
            for (int j = 0; j < texts.length; j++) {
                logits[j] = scale * ClipModel.dot(pictures[i], texts[j]);
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = 0; j < texts.length; j++) {
                logits[j] = Math.exp(logits[j] - max);
                sum += logits[j];
            }
            for (int j = 0; j < texts.length; j++) {
                out[i][j] = (float) (logits[j] / sum);
            }
        }
        return out;
    }
}
