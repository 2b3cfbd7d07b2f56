package io.mmstream.ingest;

/**
 * A run of 16 kHz mono 16-bit PCM starting at a media time.
 *
 * @param startUs media time of the first sample, microseconds from the start of the source
 * @param pcm little-endian signed 16-bit samples
 */
public record AudioChunk(long startUs, byte[] pcm) {

    /** Number of samples held. */
    public int sampleCount() {
        return pcm.length / 2;
    }

    /** Media time just after the last sample. */
    public long endUs() {
        return startUs + sampleCount() * 1_000_000L / DecodeOptions.SAMPLE_RATE;
    }
}
