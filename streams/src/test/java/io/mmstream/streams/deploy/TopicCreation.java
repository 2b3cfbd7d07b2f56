package io.mmstream.streams.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code kafka-topics.sh --create} line of a shell script: the topic, its partitions, replication
 * factor and {@code --config k=v} entries as the tool would receive them.
 */
record TopicCreation(String topic, int partitions, int replicationFactor, Map<String, String> config, boolean ifNotExists) {

    /** The arguments that create {@code topic} as the code declares it, for failure messages. */
    static String argumentsFor(io.mmstream.streams.topics.Topic<?, ?> topic, int replicationFactor) {
        StringBuilder line = new StringBuilder("--create --if-not-exists --replication-factor " + replicationFactor
                + " --topic " + topic.name() + " --partitions " + topic.partitions());
        new java.util.TreeMap<>(topic.config()).forEach((k, v) -> line.append(" --config ").append(k).append('=').append(v));
        return line.toString();
    }

    /** Every {@code kafka-topics.sh ... --create ...} line of {@code script}, in order. */
    static List<TopicCreation> parseAll(String script) {
        List<TopicCreation> found = new ArrayList<>();
        for (String line : script.split("\n")) {
            List<String> words = Arrays.asList(line.trim().split("\\s+"));
            if (words.stream().anyMatch(w -> w.endsWith("kafka-topics.sh")) && words.contains("--create")) {
                found.add(parse(line, words));
            }
        }
        return found;
    }

    private static TopicCreation parse(String line, List<String> words) {
        String topic = null;
        int partitions = -1;
        int replicationFactor = -1;
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < words.size() - 1; i++) {
            String value = words.get(i + 1);
            switch (words.get(i)) {
                case "--topic" -> topic = value;
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--replication-factor" -> replicationFactor = Integer.parseInt(value);
                case "--config" -> {
                    int eq = value.indexOf('=');
                    if (eq < 0) {
                        throw new AssertionError("--config without k=v in: " + line);
                    }
                    if (config.put(value.substring(0, eq), value.substring(eq + 1)) != null) {
                        throw new AssertionError("--config " + value.substring(0, eq) + " given twice in: " + line);
                    }
                }
                default -> { }
            }
        }
        if (topic == null) {
            throw new AssertionError("kafka-topics.sh --create without --topic: " + line);
        }
        return new TopicCreation(topic, partitions, replicationFactor, config, words.contains("--if-not-exists"));
    }
}
