package io.mmstream.streams.kafka;

import io.mmstream.streams.dlq.DeadLetterDeserializationHandler;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings every mmstream topology shares. */
public final class StreamsSettings {

    private StreamsSettings() {}

    /**
     * Settings for application {@code applicationId}: the processing guarantee given (exactly-once by
     * default in the CLI), one stream thread per core up to the media partitions, state under
     * {@code stateDir}, undecodable records to {@code mm.dlq}, requests big enough for the largest
     * frame, a clean and quick leave on close.
     */
    public static Properties of(String applicationId, String bootstrapServers, Path stateDir, String processingGuarantee,
            int commitIntervalMs) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Topics.MEDIA_PARTITIONS)));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.FRAME_MAX_MESSAGE_BYTES + 64 * 1024);
        // a fetch waits at most 100 ms for data: less latency between steps, and a quick close
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100);
        // leave the group on close: otherwise the next command waits out the old member's session
        p.put(StreamsConfig.consumerPrefix("internal.leave.group.on.close"), true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        return p;
    }
}
