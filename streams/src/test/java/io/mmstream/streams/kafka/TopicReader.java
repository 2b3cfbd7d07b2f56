package io.mmstream.streams.kafka;

import io.mmstream.streams.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic, from the beginning to its current end, for tests. */
public final class TopicReader {

    private TopicReader() {}

    public static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaCluster cluster, Topic<K, V> topic) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.readerConfig("test-reader"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
                            topic.keySerde().deserializer().deserialize(r.topic(), r.key()),
                            topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
                }
            }
        }
        return out;
    }
}
