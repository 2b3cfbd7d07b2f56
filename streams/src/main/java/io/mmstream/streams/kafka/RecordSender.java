package io.mmstream.streams.kafka;

import io.mmstream.streams.topics.Topic;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends records to catalogued topics with their own serdes, over one shared producer.
 *
 * <p>Sends are asynchronous; the first failure is kept and thrown by {@link #flush()}, so a caller
 * learns of a lost record at the latest when it declares its work done.
 */
public final class RecordSender implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final java.util.function.BooleanSupplier abandoned;

    public RecordSender(Map<String, Object> producerConfig) {
        this(producerConfig, () -> false);
    }

    /** A sender that, once {@code abandoned} says so (its broker is gone), closes at once instead of waiting to send. */
    public RecordSender(Map<String, Object> producerConfig, java.util.function.BooleanSupplier abandoned) {
        this(new KafkaProducer<>(producerConfig), abandoned);
    }

    /** A sender over {@code producer} (tests give Kafka's MockProducer). */
    public RecordSender(Producer<byte[], byte[]> producer, java.util.function.BooleanSupplier abandoned) {
        this.producer = producer;
        this.abandoned = abandoned;
    }

    /** Sends {@code value} under {@code key}; blocks while the producer's buffer is full. */
    public <K, V> void send(Topic<K, V> topic, K key, V value) {
        send(topic, key, value, null);
    }

    /** Sends {@code value} under {@code key} to {@code partition} (null: the key's, by hash). */
    public <K, V> void send(Topic<K, V> topic, K key, V value, Integer partition) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), partition, k, v), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** How many partitions {@code topic} has (asked of the cluster once, then cached by the producer). */
    public int partitions(Topic<?, ?> topic) {
        return producer.partitionsFor(topic.name()).size();
    }

    /** Waits until everything sent so far is acknowledged; throws the first send failure. */
    public void flush() {
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new KafkaUnavailableException("a record could not be written: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the producer; records still unsent after 30 s are dropped (their failure reaches
     * {@link #flush()}'s callers, who flush before closing), so a vanished broker cannot hold it forever.
     */
    @Override
    public void close() {
        producer.close(abandoned.getAsBoolean() ? java.time.Duration.ZERO : java.time.Duration.ofSeconds(30));
    }
}
