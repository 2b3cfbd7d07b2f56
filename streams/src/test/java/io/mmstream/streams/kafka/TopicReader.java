package io.mmstream.streams.kafka;

import io.mmstream.streams.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a whole topic, from the beginning to its current end, for tests. */
public final class TopicReader {

    private TopicReader() {}

    public static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaCluster cluster, Topic<K, V> topic) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        TopicReplay.replay(cluster, topic, (k, v) -> out.add(new ConsumerRecord<>(topic.name(), 0, out.size(), k, v)));
        return out;
    }
}
