package io.mmstream.streams.embeddings;

import io.mmstream.streams.dlq.DeadLetterSplit;
import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.records.Embedding;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/** {@code mm.sequences} -> {@code mm.embeddings}: VideoBERT inference in the stream, following the current model version. */
public final class EmbeddingTopology {

    public static final String APPLICATION_ID = "mmstream-embeddings";

    private EmbeddingTopology() {}

    /** The shared settings ({@link StreamsSettings}) under this application id, committing once a second. */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee) {
        return StreamsSettings.of(APPLICATION_ID, bootstrapServers, stateDir, processingGuarantee, 1000);
    }

    /** Adds the topology to {@code builder}, encoding with whatever {@code models} holds at each segment. */
    public static void buildTopology(StreamsBuilder builder, ModelSource models) {
        KStream<String, SpecificRecord> out = builder
                .stream(Topics.SEQUENCES.name(), Consumed.with(Topics.SEQUENCES.keySerde(), Topics.SEQUENCES.valueSerde()))
                .process(() -> new EmbeddingProcessor(models));
        DeadLetterSplit.to(out, Topics.EMBEDDINGS, Embedding.class);
    }
}
