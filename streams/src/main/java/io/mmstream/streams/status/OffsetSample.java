package io.mmstream.streams.status;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of the stages' topics and groups at one moment: each partition's log start and end,
 * each group's committed offsets, which partitions of a group hold nothing but a transaction marker
 * between its committed offset and the end, and who is in each group.
 *
 * @param atNanos when the sample was taken ({@link System#nanoTime()})
 * @param starts the first offset still in each partition
 * @param ends the offset the next record of each partition will get
 * @param committed per group, the offsets it has committed (the next one it will read)
 * @param markersOnly per group, the partitions one offset behind where that offset is a transaction marker
 * @param groups per group, its state and members
 */
public record OffsetSample(long atNanos, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends,
        Map<String, Map<TopicPartition, Long>> committed, Map<String, Set<TopicPartition>> markersOnly,
        Map<String, GroupMembers> groups) {

    public OffsetSample {
        starts = Map.copyOf(starts);
        ends = Map.copyOf(ends);
        committed = Map.copyOf(committed);
        markersOnly = Map.copyOf(markersOnly);
        groups = Map.copyOf(groups);
    }

    /**
     * Where {@code group} stands in {@code partition}: its committed offset, or the log start when it
     * has committed none there (Kafka Streams then reads from the earliest record), never before the start.
     */
    long position(String group, TopicPartition partition) {
        long start = starts.getOrDefault(partition, 0L);
        Long at = committed.getOrDefault(group, Map.of()).get(partition);
        return at == null ? start : Math.max(start, at);
    }
}
