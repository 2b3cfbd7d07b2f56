package io.mmstream.streams.search;

import io.mmstream.index.text.TextEncoder;
import io.mmstream.models.clip.ClipSpace;
import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.Stores;

/**
 * The search index: {@code mm.videos} + {@code mm.transcripts} + {@code mm.clips} -> a Lucene index per task
 * ({@link LuceneStore}, changelogged), queried where it lives ({@link LocalMoments}) or, on another
 * instance, through it.
 */
public final class IndexTopology {

    /** The Kafka Streams application id of indexing. */
    public static final String APPLICATION_ID = "mmstream-index";
    /** The index store: a Lucene index per task. */
    public static final String STORE = "moments";
    /** The files known (path and duration), and a mark for each video whose transcripts ended before its record was read. */
    static final String VIDEOS_STORE = "index-videos";
    /** The CLIP space the task's clips are in (one key), so a start with the same model scans nothing. */
    static final String SPACE_STORE = "index-space";

    private IndexTopology() {}

    /**
     * Adds the topology to {@code builder}; {@code encoders} gives the sentence encoder (shared by the
     * tasks), {@code spaces} the current CLIP model's space, or null while there is none.
     */
    public static void buildTopology(StreamsBuilder builder, Supplier<TextEncoder> encoders, Supplier<ClipSpace> spaces) {
        builder.addStateStore(Stores.keyValueStoreBuilder(new LuceneStoreSupplier(STORE), Serdes.String(), Topics.INDEX_ENTRY_SERDE)
                .withCachingDisabled()
                .withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(VIDEOS_STORE), Serdes.String(),
                Topics.VIDEOS.valueSerde()).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SPACE_STORE), Serdes.String(), Serdes.String())
                .withLoggingEnabled(Map.of()));
        KStream<String, SpecificRecord> videos = builder
                .stream(Topics.VIDEOS.name(), Consumed.with(Topics.VIDEOS.keySerde(), Topics.VIDEOS.valueSerde()))
                .mapValues((Video v) -> (SpecificRecord) v);
        KStream<String, SpecificRecord> transcripts = builder
                .stream(Topics.TRANSCRIPTS.name(), Consumed.with(Topics.TRANSCRIPTS.keySerde(), Topics.TRANSCRIPTS.valueSerde()))
                .mapValues(t -> (SpecificRecord) t);
        KStream<String, SpecificRecord> clips = builder
                .stream(Topics.CLIPS.name(), Consumed.with(Topics.CLIPS.keySerde(), Topics.CLIPS.valueSerde()))
                .mapValues(c -> (SpecificRecord) c);
        videos.merge(transcripts).merge(clips).process(() -> new IndexProcessor(encoders, spaces), STORE, VIDEOS_STORE, SPACE_STORE);
    }

    /**
     * The shared settings under this application id, committing once a second (each commit is a Lucene
     * commit too: what was indexed becomes durable and searchable); {@code server} is this instance's
     * HTTP address for interactive queries from its peers, or null.
     */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee, String server) {
        Properties p = StreamsSettings.of(APPLICATION_ID, bootstrapServers, stateDir, processingGuarantee, 1000);
        if (server != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        return p;
    }
}
