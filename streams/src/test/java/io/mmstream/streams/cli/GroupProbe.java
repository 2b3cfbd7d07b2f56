package io.mmstream.streams.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What a test reads of a cluster's topics and consumer groups: end offsets, committed offsets, how long things take. */
final class GroupProbe {

    private final Admin admin;

    GroupProbe(Admin admin) {
        this.admin = admin;
    }

    /** The end offset of each partition of {@code topic}. */
    Map<Integer, Long> ends(String topic) throws Exception {
        return answered(() -> endsNow(topic));
    }

    private Map<Integer, Long> endsNow(String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    /** The sum of the end offsets of {@code topic}'s partitions. */
    long endOffsets(String topic) throws Exception {
        return ends(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offsets group {@code group} has committed on {@code topic}, by partition (0 where none). */
    Map<Integer, Long> committed(String group, String topic) throws Exception {
        return answered(() -> committedNow(group, topic));
    }

    private Map<Integer, Long> committedNow(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(5, TimeUnit.SECONDS);
        Map<Integer, Long> committed = new HashMap<>();
        for (Integer p : ends(topic).keySet()) {
            OffsetAndMetadata o = offsets.get(new TopicPartition(topic, p));
            committed.put(p, o == null ? 0 : o.offset());
        }
        return committed;
    }

    /** Records of {@code topic} that {@code group} has not committed yet. */
    long lag(String group, String topic) throws Exception {
        Map<Integer, Long> ends = ends(topic);
        Map<Integer, Long> committed = committed(group, topic);
        return ends.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L))).sum();
    }

    /** What {@code query} answers, asked again for up to a minute while the cluster does not answer (a broker just died). */
    private static <T> T answered(java.util.concurrent.Callable<T> query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                return query.call();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** {@link #endOffsets}, or -1 while the cluster does not answer (a broker just died). */
    private long endOffsetsOrMinusOne(String topic) throws InterruptedException {
        try {
            return endOffsets(topic);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception unanswered) {
            return -1;
        }
    }

    /** {@link #committed}, or nothing while the cluster does not answer. */
    private Map<Integer, Long> committedOrEmpty(String group, String topic) throws InterruptedException {
        try {
            return committed(group, topic);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception unanswered) {
            return Map.of();
        }
    }

    /** Waits until {@code topic} holds at least {@code records}; returns the seconds since {@code since} (System.nanoTime). */
    double awaitEnd(String topic, long records, long since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (endOffsetsOrMinusOne(topic) < records) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(topic + " did not reach " + records + " records within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - since) / 1e9;
    }

    /**
     * Waits until {@code group} has committed past {@code held} on every partition of {@code topic}
     * that had records left beyond it: the work of a dead member has moved on. Returns the seconds
     * since {@code since}.
     */
    double awaitEveryPartitionMoves(String group, String topic, Map<Integer, Long> held, long since, Duration timeout)
            throws Exception {
        Map<Integer, Long> ends = ends(topic);
        List<Integer> behind = held.keySet().stream().filter(p -> ends.getOrDefault(p, 0L) > held.get(p)).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, Long> now = committedOrEmpty(group, topic);
            if (!now.isEmpty() && behind.stream().allMatch(p -> now.get(p) > held.get(p))) {
                return (System.nanoTime() - since) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(group + " did not move on " + topic + " partitions " + behind + " within "
                        + timeout.toSeconds() + " s: held " + held + ", now " + now);
            }
            Thread.sleep(100);
        }
    }
}
