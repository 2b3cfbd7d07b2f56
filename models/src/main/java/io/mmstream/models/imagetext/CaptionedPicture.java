package io.mmstream.models.imagetext;

import io.mmstream.frames.RgbFrame;

/**
 * A picture and its caption, as replayed from the topics.
 *
 * @param id the pair's id (its video id on the topics)
 * @param picture the decoded picture
 * @param caption its caption
 */
public record CaptionedPicture(String id, RgbFrame picture, String caption) {}
