package io.mmstream.streams.kafka;

import io.mmstream.streams.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from the beginning to the end it had when the replay started, without a consumer
 * group (the live pipeline's offsets are untouched): what training by replay needs.
 */
public final class TopicReplay {

    private static final Duration IDLE_LIMIT = Duration.ofSeconds(60);

    private TopicReplay() {}

    /** Hands every committed record of {@code topic}, decoded, to {@code each}; returns how many. */
    public static <K, V> long replay(KafkaCluster cluster, Topic<K, V> topic, BiConsumer<K, V> each) {
        return replay(cluster, topic, key -> true, each);
    }

    /**
     * Hands the committed records of {@code topic} whose key {@code keys} accepts, decoded, to {@code each};
     * the others' values are not even decoded (a replay of a few videos' frames). Returns how many were handed.
     */
    public static <K, V> long replay(KafkaCluster cluster, Topic<K, V> topic, java.util.function.Predicate<K> keys,
            BiConsumer<K, V> each) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.readerConfig("mmstream-replay"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long idleSince = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && System.nanoTime() - idleSince > IDLE_LIMIT.toNanos()) {
                    throw new KafkaUnavailableException("replay of " + topic.name() + " made no progress for "
                            + IDLE_LIMIT.toSeconds() + " s", null);
                } else if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        K key = topic.keySerde().deserializer().deserialize(r.topic(), r.key());
                        if (keys.test(key)) {
                            each.accept(key, topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }
}
