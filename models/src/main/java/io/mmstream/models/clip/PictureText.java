package io.mmstream.models.clip;

import io.mmstream.frames.RgbFrame;

/**
 * A picture and its caption as CLIP of pictures trains on them: the caption's frozen sentence vector is
 * the text tower's input.
 *
 * @param id the pair's id (which decides the held-out split)
 * @param caption the caption
 * @param sentence the caption's sentence vector
 * @param picture the picture
 */
public record PictureText(String id, String caption, float[] sentence, RgbFrame picture) {}
