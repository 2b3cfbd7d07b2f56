package io.mmstream.streams.tokens;

import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.dlq.DeadLetterSplit;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/** Clips to visual words: {@code mm.clips} -> current codebook -> {@code mm.visual-tokens}. */
public final class TokenTopology {

    /** The Kafka Streams application id of tokenization. */
    public static final String APPLICATION_ID = "mmstream-tokens";

    private TokenTopology() {}

    /** The shared settings ({@link StreamsSettings}) under this application id, committing once a second. */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee) {
        return StreamsSettings.of(APPLICATION_ID, bootstrapServers, stateDir, processingGuarantee, 1000);
    }

    /** Adds the topology to {@code builder}, tokenizing with whatever {@code codebooks} holds at each clip. */
    public static void buildTopology(StreamsBuilder builder, CodebookSource codebooks) {
        KStream<String, SpecificRecord> out = builder
                .stream(Topics.CLIPS.name(), Consumed.with(Topics.CLIPS.keySerde(), Topics.CLIPS.valueSerde()))
                .process(() -> new TokenProcessor(codebooks));
        DeadLetterSplit.to(out, Topics.VISUAL_TOKENS, VisualToken.class);
    }
}
