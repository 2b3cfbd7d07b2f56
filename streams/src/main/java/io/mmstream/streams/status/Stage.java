package io.mmstream.streams.status;

import io.mmstream.streams.captions.CaptionTopology;
import io.mmstream.streams.clips.ClipTopology;
import io.mmstream.streams.embeddings.EmbeddingTopology;
import io.mmstream.streams.search.IndexTopology;
import io.mmstream.streams.sequences.SequenceTopology;
import io.mmstream.streams.tokens.TokenTopology;
import io.mmstream.streams.topics.Topics;
import java.util.List;

/**
 * One processing stage as {@code status} reports it: its name, the consumer group that runs it (the
 * Kafka Streams application id; null for ingest, whose producers have none) and its topics: the ones
 * it reads, or for ingest the ones it writes.
 */
public record Stage(String name, String group, List<String> topics) {

    public Stage {
        topics = List.copyOf(topics);
    }

    /** Ingest has no consumer group: its throughput is the growth of the topics it writes. */
    public boolean isIngest() {
        return group == null;
    }

    /** Every stage, in the order records flow through them. */
    public static List<Stage> all() {
        return List.of(
                new Stage("ingest", null, List.of(Topics.VIDEOS.name(), Topics.FRAMES.name(), Topics.AUDIO.name())),
                new Stage("captioning", CaptionTopology.Mode.FILE.applicationId(), List.of(Topics.AUDIO.name())),
                new Stage("live-captioning", CaptionTopology.Mode.LIVE.applicationId(), List.of(Topics.AUDIO.name())),
                new Stage("clips", ClipTopology.APPLICATION_ID, List.of(Topics.FRAMES.name())),
                new Stage("tokens", TokenTopology.APPLICATION_ID, List.of(Topics.CLIPS.name())),
                new Stage("sequences", SequenceTopology.APPLICATION_ID,
                        List.of(Topics.TRANSCRIPTS.name(), Topics.VISUAL_TOKENS.name())),
                new Stage("embeddings", EmbeddingTopology.APPLICATION_ID, List.of(Topics.SEQUENCES.name())),
                new Stage("index", IndexTopology.APPLICATION_ID,
                        List.of(Topics.VIDEOS.name(), Topics.TRANSCRIPTS.name(), Topics.CLIPS.name())));
    }
}
