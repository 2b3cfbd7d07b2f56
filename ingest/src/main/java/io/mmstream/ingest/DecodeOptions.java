package io.mmstream.ingest;

import java.time.Duration;

/**
 * What to take out of a media source: frames at a sampling rate and size, audio as 16 kHz mono PCM.
 *
 * @param frameRate frames kept per second of media time; 0 keeps no frames, a rate at or above the
 *     source's keeps every frame
 * @param maxSide the longer side of a sampled frame in pixels (the aspect ratio is kept, sides even)
 * @param audio whether to decode audio into {@link AudioChunk}s
 * @param chunkMillis length of one audio chunk
 * @param ioTimeout how long a network read or open may stall before the source is given up
 */
public record DecodeOptions(double frameRate, int maxSide, boolean audio, int chunkMillis, Duration ioTimeout) {

    /** Sample rate of every audio chunk: what speech recognisers expect. */
    public static final int SAMPLE_RATE = 16_000;

    /** The largest frame side accepted: keeps one RGB frame (3 MiB at most) under the topic's limit. */
    public static final int MAX_SIDE_LIMIT = 1024;

    public DecodeOptions {
        if (frameRate < 0 || Double.isNaN(frameRate)) {
            throw new IllegalArgumentException("frame rate must be >= 0, got " + frameRate);
        }
        if (maxSide < 2 || maxSide > MAX_SIDE_LIMIT) {
            throw new IllegalArgumentException("frame size must be between 2 and " + MAX_SIDE_LIMIT + ", got " + maxSide);
        }
        if (chunkMillis < 10 || chunkMillis > 10_000) {
            throw new IllegalArgumentException("audio chunk must be 10..10000 ms, got " + chunkMillis);
        }
    }

    /** VideoBERT's sampling (20 fps), frames no larger than 256 pixels, audio in 200 ms chunks. */
    public static DecodeOptions defaults() {
        return new DecodeOptions(20, 256, true, 200, Duration.ofSeconds(15));
    }

    /** Audio only: what captioning needs. */
    public static DecodeOptions audioOnly() {
        return defaults().withFrameRate(0);
    }

    public DecodeOptions withFrameRate(double rate) {
        return new DecodeOptions(rate, maxSide, audio, chunkMillis, ioTimeout);
    }

    public DecodeOptions withMaxSide(int side) {
        return new DecodeOptions(frameRate, side, audio, chunkMillis, ioTimeout);
    }

    public DecodeOptions withAudio(boolean on) {
        return new DecodeOptions(frameRate, maxSide, on, chunkMillis, ioTimeout);
    }

    public DecodeOptions withChunkMillis(int millis) {
        return new DecodeOptions(frameRate, maxSide, audio, millis, ioTimeout);
    }

    public DecodeOptions withIoTimeout(Duration timeout) {
        return new DecodeOptions(frameRate, maxSide, audio, chunkMillis, timeout);
    }

    /** Samples in one audio chunk. */
    public int samplesPerChunk() {
        return SAMPLE_RATE * chunkMillis / 1000;
    }
}
