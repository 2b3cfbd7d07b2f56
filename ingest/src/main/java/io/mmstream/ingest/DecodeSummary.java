package io.mmstream.ingest;

/**
 * What one decode produced.
 *
 * @param info the source as opened
 * @param framesDecoded video frames decoded (kept or not)
 * @param framesKept frames passed to the sink
 * @param audioChunks audio chunks passed to the sink
 * @param lastMediaUs media time reached, the later of the last frame and the last sample
 * @param stalled true when a network source ended because no data came for the read timeout,
 *     not because the stream ended
 */
public record DecodeSummary(MediaInfo info, long framesDecoded, long framesKept, long audioChunks, long lastMediaUs,
        boolean stalled) {

    /** A summary of a source that ended normally. */
    public DecodeSummary(MediaInfo info, long framesDecoded, long framesKept, long audioChunks, long lastMediaUs) {
        this(info, framesDecoded, framesKept, audioChunks, lastMediaUs, false);
    }
}
