package io.mmstream.ingest;

/**
 * Receives what {@link MediaDecoder} takes out of a source, in media-time order per stream.
 *
 * <p>Calls come from the decoding thread; a sink that blocks (a full Kafka producer buffer, a full
 * queue) holds decoding back, which is how memory stays bounded on long or fast sources.
 */
public interface MediaSink {

    /** The source is open; called once before any frame or chunk. */
    default void opened(MediaInfo info) {}

    /** A sampled frame; its pixel array belongs to the sink. */
    default void frame(SampledFrame frame) throws Exception {}

    /** A chunk of audio; its sample array belongs to the sink. */
    default void audio(AudioChunk chunk) throws Exception {}
}
