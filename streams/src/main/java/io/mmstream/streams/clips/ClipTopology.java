package io.mmstream.streams.clips;

import io.mmstream.frames.ClipFeatureExtractor;
import io.mmstream.frames.ClipWindows;
import io.mmstream.models.detect.ClipObjectDetector;
import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.dlq.DeadLetterSplit;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.Stores;

/** Frames to clips: {@code mm.frames} -> event-time clip grouping and features -> {@code mm.clips}. */
public final class ClipTopology {

    /** The Kafka Streams application id of clip grouping. */
    public static final String APPLICATION_ID = "mmstream-clips";

    private ClipTopology() {}

    /**
     * The shared settings ({@link StreamsSettings}) under this application id, committing once a second,
     * and sending with lz4 like the frames topic: most of what this application writes is held frames on
     * their way through its changelog, raw pixels for which lz4 is the cheaper codec (the clips
     * throughput did not move measurably either way: docs/benchmarks.md).
     */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee) {
        Properties p = StreamsSettings.of(APPLICATION_ID, bootstrapServers, stateDir, processingGuarantee, 1000);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Kafka Streams grows the records it processes between commits while records are cheap; a frame
        // that completes a clip costs a network pass with --objects or a learned extractor (0.2-0.4 s),
        // and a run of them outlasted Streams' 10 s transaction timeout: the broker aborted the
        // transaction, the task was fenced and its clips made again. Fewer frames per poll and a
        // longer timeout bound that (a crashed instance's open transaction is aborted at once when
        // another takes its tasks over, so the timeout only matters if none ever does).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 100);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        return p;
    }

    /**
     * Adds the topology to {@code builder}: clips cut by {@code windows}, frames accepted up to
     * {@code graceUs} behind the latest one, features from a new {@code extractors} instance per task.
     */
    public static void buildTopology(StreamsBuilder builder, ClipWindows windows, long graceUs,
            Supplier<ClipFeatureExtractor> extractors) {
        buildTopology(builder, windows, graceUs, extractors, null);
    }

    /**
     * As {@link #buildTopology(StreamsBuilder, ClipWindows, long, Supplier)}, and each clip's objects
     * from a new {@code objects} detector per task when {@code objects} is not null.
     */
    public static void buildTopology(StreamsBuilder builder, ClipWindows windows, long graceUs,
            Supplier<ClipFeatureExtractor> extractors, Supplier<ClipObjectDetector> objects) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HeldFrames.STORE), Serdes.String(), Serdes.ByteArray())
                // a held frame may be as large as the largest frame
                .withLoggingEnabled(Map.of("max.message.bytes", String.valueOf(Topics.FRAME_MAX_MESSAGE_BYTES),
                        // kept as sent: a different type here would make the broker recompress every frame
                        "compression.type", "producer")));
        KStream<String, SpecificRecord> out = builder
                .stream(Topics.FRAMES.name(), Consumed.with(Topics.FRAMES.keySerde(), Topics.FRAMES.valueSerde()))
                .process(() -> new ClipProcessor(windows, graceUs, extractors.get(),
                        objects == null ? null : objects.get()), HeldFrames.STORE);
        DeadLetterSplit.to(out, Topics.CLIPS, Clip.class);
    }
}
