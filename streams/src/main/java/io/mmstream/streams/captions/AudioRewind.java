package io.mmstream.streams.captions;

import io.mmstream.streams.records.AudioChunk;
import java.util.List;

/**
 * Reads back a video's audio chunks from {@code mm.audio}: what a recogniser taking a video over
 * mid-utterance must hear first.
 */
@FunctionalInterface
interface AudioRewind extends AutoCloseable {

    /** A chunk and its offset in the partition. */
    record Chunk(long offset, AudioChunk audio) {}

    /** The chunks of {@code video} in {@code partition} at offsets {@code from} (inclusive) to {@code to} (exclusive), in order. */
    List<Chunk> chunks(String video, int partition, long from, long to);

    @Override
    default void close() {}
}
