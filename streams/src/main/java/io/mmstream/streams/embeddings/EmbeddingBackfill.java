package io.mmstream.streams.embeddings;

import io.mmstream.models.videobert.VideoBert;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.Embedding;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.topics.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Re-derives the embeddings of the library already on the topics when a new VideoBERT becomes current,
 * by replay: each segment of {@code mm.sequences} under the current codebook (the latest derivation of
 * each, once) through the model, onto {@code mm.embeddings} under the new version, as the live
 * {@link EmbeddingProcessor} does for segments that come later.
 */
public final class EmbeddingBackfill {

    /** What a backfill produced. */
    public record Result(long segments, long embeddings, long skipped) {}

    private EmbeddingBackfill() {}

    /** Embeds the segments of {@code codebookVersion} with {@code model} ({@code version}); {@code progress} gets segments done. */
    public static Result run(KafkaCluster cluster, VideoBert model, String version, String codebookVersion, LongConsumer progress) {
        Map<String, Sequence> segments = new LinkedHashMap<>();
        TopicReplay.replay(cluster, Topics.SEQUENCES, (video, s) -> {
            if (video != null && s != null && s.getCodebookVersion().equals(codebookVersion)) {
                segments.put(video + '\u0000' + s.getSegment(), s);
            }
        });
        long done = 0;
        long embeddings = 0;
        long skipped = 0;
        try (RecordSender sender = new RecordSender(cluster.producerConfig("mmstream-backfill", "zstd", 1 << 20))) {
            for (Sequence s : segments.values()) {
                try {
                    for (Embedding e : EmbeddingProcessor.embeddings(model, version, s)) {
                        sender.send(Topics.EMBEDDINGS, s.getVideoId(), e);
                        embeddings++;
                    }
                } catch (IllegalArgumentException e) {
                    skipped++; // visual words the model does not have: the live processor sends such segments to mm.dlq
                }
                progress.accept(++done);
            }
            sender.flush();
        }
        return new Result(done, embeddings, skipped);
    }
}
