package io.mmstream.ingest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Cuts a stream of 16 kHz mono samples into fixed-length chunks on a continuous timeline.
 *
 * <p>The first chunk starts at the media time of the first decoded audio frame; later chunks follow
 * by sample count, so chunk times never drift with the container's per-packet rounding.
 */
public final class AudioChunker {

    private final int samplesPerChunk;
    private final ByteBuffer pending;
    private long startUs = Long.MIN_VALUE;
    private long samplesEmitted;

    /** A chunker emitting chunks of {@code samplesPerChunk} samples. */
    public AudioChunker(int samplesPerChunk) {
        if (samplesPerChunk <= 0) {
            throw new IllegalArgumentException("samplesPerChunk must be > 0");
        }
        this.samplesPerChunk = samplesPerChunk;
        this.pending = ByteBuffer.allocate(samplesPerChunk * 2).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Adds decoded samples whose first one plays at {@code timestampUs}; emits each full chunk. */
    public void add(long timestampUs, ShortBuffer samples, ChunkConsumer out) throws Exception {
        if (startUs == Long.MIN_VALUE) {
            startUs = Math.max(0, timestampUs);
        }
        while (samples.hasRemaining()) {
            pending.putShort(samples.get());
            if (!pending.hasRemaining()) {
                emit(out);
            }
        }
    }

    /** Emits what is left as a shorter last chunk. */
    public void flush(ChunkConsumer out) throws Exception {
        if (pending.position() > 0) {
            emit(out);
        }
    }

    /** Media time after the last sample added. */
    public long positionUs() {
        long samples = samplesEmitted + pending.position() / 2;
        return startUs == Long.MIN_VALUE ? 0 : startUs + samples * 1_000_000L / DecodeOptions.SAMPLE_RATE;
    }

    private void emit(ChunkConsumer out) throws Exception {
        byte[] pcm = new byte[pending.position()];
        pending.flip();
        pending.get(pcm);
        pending.clear();
        long chunkStart = startUs + samplesEmitted * 1_000_000L / DecodeOptions.SAMPLE_RATE;
        samplesEmitted += pcm.length / 2;
        out.accept(new AudioChunk(chunkStart, pcm));
    }

    /** Where full chunks go. */
    @FunctionalInterface
    public interface ChunkConsumer {
        void accept(AudioChunk chunk) throws Exception;
    }
}
