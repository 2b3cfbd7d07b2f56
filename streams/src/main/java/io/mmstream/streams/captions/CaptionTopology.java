package io.mmstream.streams.captions;

import io.mmstream.asr.Transcriber;
import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.dlq.DeadLetterSplit;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Speech to captions: {@code mm.audio} -> recognition -> {@code mm.transcripts} -> cue making -> {@code mm.captions}.
 *
 * <p>The two steps meet through a topic, so transcripts are kept for search and replay, and cue
 * making scales apart from recognition. Recognition failures go to {@code mm.dlq}.
 */
public final class CaptionTopology {

    /** The Kafka Streams application id: its consumer group and transactional id prefix. */
    public static final String APPLICATION_ID = "mmstream-captions";

    /** Commit interval for captioning files: 1 s (Kafka's exactly-once default of 100 ms costs ~10% here). */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 1000;

    private CaptionTopology() {}

    /** Live captions commit every 50 ms: a cue leaves within about 100 ms of its words being heard. */
    public static final int LIVE_COMMIT_INTERVAL_MS = 50;

    /** Live captions finalise the pending words of a stream that has sent no audio for this long. */
    public static final Duration LIVE_IDLE_FLUSH = Duration.ofSeconds(1);

    /** Adds the topology to {@code builder}; {@code transcribers} makes one recogniser per video. */
    public static void buildTopology(StreamsBuilder builder, Supplier<Transcriber> transcribers) {
        buildTopology(builder, transcribers, null);
    }

    /**
     * The same; with {@code idleFlush} (live use), a video that sent no audio for that long of wall
     * clock has its pending words finalised (null: only at endpoints and at the end of the audio).
     */
    public static void buildTopology(StreamsBuilder builder, Supplier<Transcriber> transcribers, Duration idleFlush) {
        KStream<String, SpecificRecord> heard = builder
                .stream(Topics.AUDIO.name(), consumed(Topics.AUDIO))
                .process(() -> new TranscriptionProcessor(transcribers, idleFlush));
        // cues are cut from the transcripts in the same step, not read back from mm.transcripts:
        // one transaction less between a word heard and its caption (about 100 ms live)
        DeadLetterSplit.to(heard, Topics.TRANSCRIPTS, Transcript.class)
                .processValues(CueProcessor::new)
                .to(Topics.CAPTIONS.name(), produced(Topics.CAPTIONS));
    }

    /** The topology on its own, as it runs. */
    public static Topology topology(Supplier<Transcriber> transcribers) {
        return topology(transcribers, null);
    }

    /** The topology on its own with an idle flush (see {@link #buildTopology(StreamsBuilder, Supplier, Duration)}). */
    public static Topology topology(Supplier<Transcriber> transcribers, Duration idleFlush) {
        StreamsBuilder builder = new StreamsBuilder();
        buildTopology(builder, transcribers, idleFlush);
        return builder.build();
    }

    /**
     * Settings: exactly-once processing by default, one stream thread per core (each runs its own
     * recognisers, so videos in different partitions are recognised in parallel), state under
     * {@code stateDir}, undecodable records to {@code mm.dlq}.
     */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee) {
        return streamsConfig(bootstrapServers, stateDir, processingGuarantee, DEFAULT_COMMIT_INTERVAL_MS);
    }

    /**
     * The same with a commit interval of its own: each commit ends a Kafka transaction, which costs
     * the recognising thread a few broker round trips, so files commit every second; a finished
     * video commits at once whatever the interval.
     */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee,
            int commitIntervalMs) {
        Properties p = StreamsSettings.of(APPLICATION_ID, bootstrapServers, stateDir, processingGuarantee, commitIntervalMs);
        // A 200 ms chunk takes Vosk ~30 ms: keep polls small so a transaction commits every few hundred ms.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        if (commitIntervalMs < DEFAULT_COMMIT_INTERVAL_MS) {
            // Streams holds produced records up to 100 ms to batch them; live captions cannot wait
            p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        }
        return p;
    }

    private static <V> Consumed<String, V> consumed(Topic<String, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde());
    }
}
