package io.mmstream.streams.status;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag and throughput of a stage from offset samples, with no Kafka in sight (the arithmetic
 * {@code status} prints):
 * <ul>
 *   <li>lag: per partition of the stage's topics, the end offset minus the group's position (its
 *       committed offset, or the log start when it has none), summed; a partition exactly one offset
 *       behind where that offset is a transaction marker counts 0, so a caught-up group under
 *       exactly-once shows 0 (markers inside a larger gap still count one each);
 *   <li>throughput: how far the group's positions moved between two samples, per second; for ingest,
 *       how far the end offsets of the topics it writes moved.
 * </ul>
 */
public final class StageLag {

    private StageLag() {}

    /** The status of {@code stage} at {@code after}, its throughput since {@code before} (null: not known yet). */
    public static StageStatus of(Stage stage, OffsetSample before, OffsetSample after) {
        double seconds = before == null ? 0 : Math.max(1e-3, (after.atNanos() - before.atNanos()) / 1e9);
        Double rate = before == null ? null : moved(stage, before, after) / seconds;
        if (stage.isIngest()) {
            return new StageStatus(stage, null, null, rate, seconds, null);
        }
        Map<String, Long> byTopic = new LinkedHashMap<>();
        long total = 0;
        for (String topic : stage.topics()) {
            long lag = 0;
            for (TopicPartition p : partitions(after, topic)) {
                lag += lag(stage.group(), p, after);
            }
            byTopic.put(topic, lag);
            total += lag;
        }
        return new StageStatus(stage, total, byTopic, rate, seconds, after.groups().getOrDefault(stage.group(), GroupMembers.NONE));
    }

    /** Records of {@code partition} that {@code group} has not committed past at {@code sample}. */
    static long lag(String group, TopicPartition partition, OffsetSample sample) {
        long behind = Math.max(0, sample.ends().get(partition) - sample.position(group, partition));
        if (behind == 1 && sample.markersOnly().getOrDefault(group, java.util.Set.of()).contains(partition)) {
            return 0;
        }
        return behind;
    }

    /** Offsets the stage moved over between the samples (a group reset backwards counts 0). */
    static long moved(Stage stage, OffsetSample before, OffsetSample after) {
        long moved = 0;
        for (String topic : stage.topics()) {
            for (TopicPartition p : partitions(after, topic)) {
                if (stage.isIngest()) {
                    long was = before.ends().getOrDefault(p, after.starts().getOrDefault(p, 0L));
                    moved += Math.max(0, after.ends().get(p) - was);
                } else {
                    // a partition new since the first sample starts where the group would start
                    long was = before.ends().containsKey(p) ? before.position(stage.group(), p) : after.starts().getOrDefault(p, 0L);
                    moved += Math.max(0, after.position(stage.group(), p) - was);
                }
            }
        }
        return moved;
    }

    /** The partitions of {@code topic} the sample knows, in order. */
    static List<TopicPartition> partitions(OffsetSample sample, String topic) {
        return sample.ends().keySet().stream().filter(p -> p.topic().equals(topic))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }
}
