package io.mmstream.models.generative;

/**
 * A captioned picture as the generative models train on it.
 *
 * @param id the pair's id (the held-out split is drawn from it)
 * @param pixels the picture, (3, S, S) intensities in [0, 1] ({@link PicturePixels})
 * @param pieces the caption's word pieces
 * @param caption the caption
 */
public record GenerativeExample(String id, float[] pixels, int[] pieces, String caption) {}
