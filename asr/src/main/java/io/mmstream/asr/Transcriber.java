package io.mmstream.asr;

import java.util.Optional;

/**
 * Turns one stream of 16 kHz mono 16-bit PCM, fed in media-time order, into utterances.
 *
 * <p>One instance holds one stream's decoding state: create one per stream, feed it from one
 * thread, close it when the stream ends.
 */
public interface Transcriber extends AutoCloseable {

    /**
     * Feeds {@code length} bytes of {@code pcm} whose first sample plays at {@code startUs}.
     *
     * @return a final utterance when an endpoint was found, a partial one when the partial text
     *     changed, else nothing
     */
    Optional<Utterance> accept(long startUs, byte[] pcm, int length);

    /** Ends the stream: the words still pending, as a last final utterance. */
    Optional<Utterance> finish();

    /**
     * Ends the utterance in progress without ending the stream (the audio paused or has a hole):
     * the words pending, as a final utterance; feeding goes on afterwards.
     */
    Optional<Utterance> flush();

    /**
     * Declares a hole in the audio: the next chunk starts at {@code startUs}, later than
     * {@link #positionUs()}, and the times of the words after it count from there.
     */
    void skipTo(long startUs);

    /** Media time just after the last sample fed. */
    long positionUs();

    @Override
    void close();
}
