package io.mmstream.streams.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values and how it is created.
 *
 * @param name the topic name
 * @param keySerde serde of keys (the video id for media topics)
 * @param valueSerde serde of values
 * @param partitions partition count when mmstream creates it
 * @param config topic-level configuration (compression, size limit, retention)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> config) {

    public Topic {
        config = Map.copyOf(config);
    }

    /** The largest record value the topic accepts, in bytes. */
    public int maxMessageBytes() {
        return Integer.parseInt(config.getOrDefault("max.message.bytes", String.valueOf(Topics.DEFAULT_MAX_MESSAGE_BYTES)));
    }
}
