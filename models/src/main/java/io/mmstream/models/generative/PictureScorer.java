package io.mmstream.models.generative;

import io.mmstream.frames.RgbFrame;
import java.util.List;

/** How well pictures fit a text (the image CLIP's cosine similarities): ranks generated samples and scores them in evaluation. */
@FunctionalInterface
public interface PictureScorer {

    /** One score per picture for {@code prompt}; higher fits better. */
    float[] scores(List<RgbFrame> pictures, String prompt);
}
