package io.mmstream.streams.imagetext;

import io.mmstream.frames.RgbFrame;

/**
 * One image-caption pair as replayed from the topics, for training.
 *
 * @param videoId the pair's id (its content's)
 * @param uri where it was ingested from: {@code /abs/folder/cat.jpg}, {@code /abs/shard.tar#000012},
 *     {@code /abs/manifest.jsonl:17} or the image's URL
 * @param picture the picture as ingested (longer side at most the ingest's {@code --frame-size})
 * @param caption the caption
 */
public record ImageTextPair(String videoId, String uri, RgbFrame picture, String caption) {}
