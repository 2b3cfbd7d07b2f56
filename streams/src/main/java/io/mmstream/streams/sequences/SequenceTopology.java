package io.mmstream.streams.sequences;

import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.text.WordPieceTokenizer;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code mm.transcripts} + {@code mm.visual-tokens} -> {@code mm.sequences}: VideoBERT's aligned
 * segments. Both topics are keyed by video with the same partitions, so one task sees all of a
 * video's sentences and visual words and joins them with a {@link SequenceProcessor}.
 */
public final class SequenceTopology {

    public static final String APPLICATION_ID = "mmstream-sequences";

    private SequenceTopology() {}

    /** The shared settings ({@link StreamsSettings}) under this application id, committing once a second. */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee) {
        return StreamsSettings.of(APPLICATION_ID, bootstrapServers, stateDir, processingGuarantee, 1000);
    }

    /** Adds the topology to {@code builder}; {@code tokenizers} gives each task its WordPiece tokenizer. */
    public static void buildTopology(StreamsBuilder builder, Supplier<WordPieceTokenizer> tokenizers) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SequenceProcessor.STORE), Serdes.String(), Serdes.ByteArray()));
        KStream<String, SpecificRecord> transcripts = builder
                .stream(Topics.TRANSCRIPTS.name(), Consumed.with(Topics.TRANSCRIPTS.keySerde(), Topics.TRANSCRIPTS.valueSerde()))
                .mapValues(t -> (SpecificRecord) t);
        KStream<String, SpecificRecord> tokens = builder
                .stream(Topics.VISUAL_TOKENS.name(), Consumed.with(Topics.VISUAL_TOKENS.keySerde(), Topics.VISUAL_TOKENS.valueSerde()))
                .mapValues(t -> (SpecificRecord) t);
        KStream<String, Sequence> sequences = transcripts.merge(tokens)
                .process(() -> new SequenceProcessor(tokenizers), SequenceProcessor.STORE);
        sequences.to(Topics.SEQUENCES.name(), Produced.with(Topics.SEQUENCES.keySerde(), Topics.SEQUENCES.valueSerde()));
    }
}
