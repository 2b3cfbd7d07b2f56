package io.mmstream.streams.dlq;

import io.mmstream.streams.records.DeadLetter;
import java.nio.ByteBuffer;

/** Builds {@code mm.dlq} records: what failed, where, and why, with the original record when there is one. */
public final class DeadLetters {

    private DeadLetters() {}

    /** A failed input that has no original record (a file or URL that could not be read). */
    public static DeadLetter input(String source, String stage, String reason, String videoId) {
        return DeadLetter.newBuilder()
                .setSource(source)
                .setStage(stage)
                .setReason(reason)
                .setVideoId(videoId)
                .setFailedAtMs(System.currentTimeMillis())
                .build();
    }

    /** A record of {@code topic} that failed at {@code stage}. */
    public static DeadLetter record(String topic, String stage, String reason, String videoId, byte[] original) {
        return DeadLetter.newBuilder()
                .setSource(topic)
                .setStage(stage)
                .setReason(reason)
                .setVideoId(videoId)
                .setTopic(topic)
                .setOriginal(original == null ? null : ByteBuffer.wrap(original))
                .setFailedAtMs(System.currentTimeMillis())
                .build();
    }
}
