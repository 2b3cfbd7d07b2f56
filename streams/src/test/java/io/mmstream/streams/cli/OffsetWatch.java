package io.mmstream.streams.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** What the reliability suite reads of a cluster while faults happen: per-topic offsets, asked again while a broker is down, and waits on them (status/GroupProbe samples every stage at once for `status`). */
final class OffsetWatch {

    private final Admin admin;

    OffsetWatch(Admin admin) {
        this.admin = admin;
    }

    /** The end offset of each partition of {@code topic}. */
    Map<Integer, Long> ends(String topic) throws Exception {
        return answered(() -> endsNow(topic));
    }

    /** The sum of {@code topic}'s partition ends as a read_committed reader sees them (open transactions not yet). */
    long committedEndOffsets(String topic) throws Exception {
        return answered(() -> endsNow(topic, IsolationLevel.READ_COMMITTED)).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<Integer, Long> endsNow(String topic) throws Exception {
        return endsNow(topic, IsolationLevel.READ_UNCOMMITTED);
    }

    private Map<Integer, Long> endsNow(String topic, IsolationLevel isolation) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())),
                        new ListOffsetsOptions(isolation))
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

    /** The partitions of {@code topic} that members of {@code group} whose client id starts with {@code clientId} hold now. */
    java.util.Set<Integer> heldBy(String group, String topic, String clientId) throws Exception {
        return answered(() -> admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group).members().stream()
                .filter(m -> m.clientId().startsWith(clientId))
                .flatMap(m -> m.assignment().topicPartitions().stream())
                .filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition)
                .collect(Collectors.toSet()));
    }

    /**
     * Waits until a member of {@code group} whose client id starts with {@code clientId} holds a
     * partition of {@code topic} with at least {@code records} not yet committed: it is in the middle
     * of work. Returns the committed offsets of every partition at that moment.
     */
    Map<Integer, Long> awaitBusy(String group, String topic, String clientId, long records, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            java.util.Set<Integer> held = heldBy(group, topic, clientId);
            Map<Integer, Long> ends = ends(topic);
            Map<Integer, Long> committed = committed(group, topic);
            if (held.stream().anyMatch(p -> ends.get(p) - committed.get(p) >= records)) {
                return committed;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(clientId + " never held " + records + " uncommitted records of " + topic + " in " + group
                        + ": holds " + held + ", ends " + ends + ", committed " + committed);
            }
            Thread.sleep(100);
        }
    }
}
