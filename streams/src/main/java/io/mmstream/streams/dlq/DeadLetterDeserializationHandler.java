package io.mmstream.streams.dlq;

import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be decoded to {@code mm.dlq} with their bytes and goes on with the next
 * record, so one bad record never stops a topology nor disappears unseen.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private RecordSender sender;

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> producer = new HashMap<>();
        // the application's client settings (TLS, SASL from --client-config) reach this producer too
        for (String name : ProducerConfig.configNames()) {
            if (configs.containsKey(name)) {
                producer.put(name, configs.get(name));
            }
        }
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dlq");
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.FRAME_MAX_MESSAGE_BYTES);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        sender = new RecordSender(producer);
    }

    @Override
    public DeserializationHandlerResponse handle(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String reason = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        LOG.warn("{}: record at partition {} offset {} cannot be decoded: {}",
                record.topic(), record.partition(), record.offset(), reason);
        sender.send(Topics.DLQ, key == null ? record.topic() : key,
                DeadLetters.record(record.topic(), "deserialize", reason, key, record.value()));
        sender.flush();
        return DeserializationHandlerResponse.CONTINUE;
    }
}
