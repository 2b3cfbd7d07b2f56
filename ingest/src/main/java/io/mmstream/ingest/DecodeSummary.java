package io.mmstream.ingest;

/**
 * What one decode produced.
 *
 * @param info the source as opened
 * @param framesDecoded video frames decoded (kept or not)
 * @param framesKept frames passed to the sink
 * @param audioChunks audio chunks passed to the sink
 * @param lastMediaUs media time reached, the later of the last frame and the last sample
 */
public record DecodeSummary(MediaInfo info, long framesDecoded, long framesKept, long audioChunks, long lastMediaUs) {}
