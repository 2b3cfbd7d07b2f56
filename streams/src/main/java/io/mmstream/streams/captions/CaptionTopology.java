package io.mmstream.streams.captions;

import io.mmstream.asr.Transcriber;
import io.mmstream.streams.kafka.StreamsSettings;
import io.mmstream.streams.dlq.DeadLetterSplit;
import io.mmstream.streams.records.AudioChunk;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
 *
 * <p>Files and live streams are recognised by two applications of their own ({@link Mode}), each
 * skipping the other's audio: a live stream needs partial results, short pauses to end utterances and
 * commits every 50 ms, a file needs none of that; and whichever commands run together on a data dir,
 * each video is recognised the way its kind needs.
 */
public final class CaptionTopology {

    /** The two ways of captioning, each a Kafka Streams application with its own settings. */
    public enum Mode {
        /** Files: whole utterances, commits every second (Kafka's exactly-once default of 100 ms costs ~10% here). */
        FILE("mmstream-captions", 1000, null),
        /**
         * Live streams: commits every 50 ms (a cue leaves within about 100 ms of its words being heard),
         * and the pending words of a stream that has sent no audio for a second are finalised.
         */
        LIVE("mmstream-live-captions", 50, Duration.ofSeconds(1));

        private final String applicationId;
        private final int commitIntervalMs;
        private final Duration idleFlush;

        Mode(String applicationId, int commitIntervalMs, Duration idleFlush) {
            this.applicationId = applicationId;
            this.commitIntervalMs = commitIntervalMs;
            this.idleFlush = idleFlush;
        }

        /** The Kafka Streams application id: its consumer group and transactional id prefix. */
        public String applicationId() {
            return applicationId;
        }

        public int commitIntervalMs() {
            return commitIntervalMs;
        }

        /** How long a stream may send no audio before its pending words are finalised; null: never. */
        public Duration idleFlush() {
            return idleFlush;
        }

        boolean takes(AudioChunk chunk) {
            return chunk.getLive() == (this == LIVE);
        }
    }

    /** The file application's id (see {@link Mode#FILE}). */
    public static final String APPLICATION_ID = Mode.FILE.applicationId();

    private CaptionTopology() {}

    /**
     * Adds the topology of {@code mode} to {@code builder}: it recognises the audio of that kind of
     * source only; {@code transcribers} makes one recogniser per video, and a recogniser taking a video
     * over mid-utterance reads its audio back from {@code mm.audio} with a consumer of {@code readerConfig}.
     */
    public static void buildTopology(StreamsBuilder builder, Supplier<Transcriber> transcribers, Mode mode,
            Map<String, Object> readerConfig) {
        buildTopology(builder, transcribers, mode, () -> new KafkaAudioRewind(readerConfig));
    }

    static void buildTopology(StreamsBuilder builder, Supplier<Transcriber> transcribers, Mode mode,
            Supplier<AudioRewind> rewinds) {
        builder.addStateStore(UtteranceStarts.storeBuilder());
        KStream<String, SpecificRecord> heard = builder
                .stream(Topics.AUDIO.name(), consumed(Topics.AUDIO))
                .filter((video, chunk) -> chunk != null && mode.takes(chunk))
                .process(() -> new TranscriptionProcessor(transcribers, mode.idleFlush(), rewinds.get()), UtteranceStarts.STORE);
        // cues are cut from the transcripts in the same step, not read back from mm.transcripts:
        // one transaction less between a word heard and its caption (about 100 ms live)
        DeadLetterSplit.to(heard, Topics.TRANSCRIPTS, Transcript.class)
                .processValues(() -> new CueProcessor(mode == Mode.LIVE))
                .to(Topics.CAPTIONS.name(), produced(Topics.CAPTIONS));
    }

    /** The topology of {@code mode} on its own, as it runs (see {@link #buildTopology(StreamsBuilder, Supplier, Mode, Map)}). */
    public static Topology topology(Supplier<Transcriber> transcribers, Mode mode, Map<String, Object> readerConfig) {
        StreamsBuilder builder = new StreamsBuilder();
        buildTopology(builder, transcribers, mode, readerConfig);
        return builder.build();
    }

    /** The same with the audio read back by {@code rewinds} (tests). */
    static Topology topology(Supplier<Transcriber> transcribers, Mode mode, Supplier<AudioRewind> rewinds) {
        StreamsBuilder builder = new StreamsBuilder();
        buildTopology(builder, transcribers, mode, rewinds);
        return builder.build();
    }

    /** Settings of the file application (see {@link #streamsConfig(String, Path, String, Mode)}). */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee) {
        return streamsConfig(bootstrapServers, stateDir, processingGuarantee, Mode.FILE);
    }

    /**
     * Settings: exactly-once processing by default, one stream thread per core (each runs its own
     * recognisers, so videos in different partitions are recognised in parallel), state under
     * {@code stateDir}, undecodable records to {@code mm.dlq}, and the mode's application id and
     * commit interval: each commit ends a Kafka transaction, which costs the recognising thread a few
     * broker round trips; a finished video commits at once whatever the interval.
     */
    public static Properties streamsConfig(String bootstrapServers, Path stateDir, String processingGuarantee, Mode mode) {
        Properties p = StreamsSettings.of(mode.applicationId(), bootstrapServers, stateDir, processingGuarantee,
                mode.commitIntervalMs());
        // A 200 ms chunk takes Vosk ~30 ms: keep polls small so a transaction commits every few hundred ms.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
        if (mode == Mode.LIVE) {
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
