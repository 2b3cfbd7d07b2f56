package io.mmstream.streams.status;

import io.mmstream.streams.kafka.KafkaUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Takes {@link OffsetSample}s of the stages from the cluster: topic partitions and their start and end
 * offsets, the groups' committed offsets and members (admin queries), and, for a partition a group is
 * exactly one offset behind, whether that offset is a transaction marker (a read-committed consumer
 * seeks there and sees whether a record or the end comes back).
 */
public final class GroupProbe implements AutoCloseable {

    private static final long QUERY_SECONDS = 30;
    private static final Duration MARKER_CHECK = Duration.ofSeconds(2);

    private final Admin admin;
    private final Map<String, Object> readerConfig;
    private KafkaConsumer<byte[], byte[]> reader;

    /**
     * A probe asking through {@code admin}; {@code readerConfig} are the settings of a consumer without
     * a group (it only reads a record where a group is one behind). The admin stays the caller's.
     */
    public GroupProbe(Admin admin, Map<String, Object> readerConfig) {
        this.admin = admin;
        this.readerConfig = readerConfig;
    }

    /** The offsets of {@code stages}' topics and groups now; topics that do not exist yet are left out. */
    public OffsetSample sample(List<Stage> stages) throws InterruptedException {
        try {
            Set<String> wanted = stages.stream().flatMap(s -> s.topics().stream()).collect(Collectors.toCollection(TreeSet::new));
            wanted.retainAll(admin.listTopics().names().get(QUERY_SECONDS, TimeUnit.SECONDS));
            Set<TopicPartition> partitions = new HashSet<>();
            admin.describeTopics(wanted).allTopicNames().get(QUERY_SECONDS, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            List<String> groups = stages.stream().filter(s -> !s.isIngest()).map(Stage::group).distinct().toList();

            // ends and committed offsets asked together, so they describe the same moment
            long at = System.nanoTime();
            var ends = admin.listOffsets(specs(partitions, OffsetSpec.latest())).all();
            Map<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> commits = new HashMap<>();
            for (String group : groups) {
                commits.put(group, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            }
            var starts = admin.listOffsets(specs(partitions, OffsetSpec.earliest())).all();
            var described = admin.describeConsumerGroups(groups).describedGroups();

            Map<TopicPartition, Long> endOffsets = offsets(ends.get(QUERY_SECONDS, TimeUnit.SECONDS));
            Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
            for (var e : commits.entrySet()) {
                committed.put(e.getKey(), committedOffsets(e.getValue()));
            }
            Map<String, GroupMembers> members = new HashMap<>();
            for (var e : described.entrySet()) {
                members.put(e.getKey(), members(e.getValue()));
            }
            Map<TopicPartition, Long> startOffsets = offsets(starts.get(QUERY_SECONDS, TimeUnit.SECONDS));
            OffsetSample raw = new OffsetSample(at, startOffsets, endOffsets, committed, Map.of(), members);
            return new OffsetSample(at, startOffsets, endOffsets, committed, markersOnly(raw, groups), members);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("cannot read the consumer groups' offsets: " + io.mmstream.streams.kafka.KafkaCluster.rootMessage(e), e);
        }
    }

    /** Per group, the partitions one offset behind where that offset is a transaction marker. */
    private Map<String, Set<TopicPartition>> markersOnly(OffsetSample sample, List<String> groups) {
        Map<String, Set<TopicPartition>> oneBehind = new HashMap<>();
        Set<TopicPartition> candidates = new HashSet<>();
        for (String group : groups) {
            Set<TopicPartition> ps = sample.ends().keySet().stream()
                    .filter(p -> sample.ends().get(p) - sample.position(group, p) == 1).collect(Collectors.toSet());
            oneBehind.put(group, ps);
            candidates.addAll(ps);
        }
        Set<TopicPartition> markers = candidates.isEmpty() ? Set.of() : trailingMarkers(candidates, sample.ends());
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        oneBehind.forEach((group, ps) -> result.put(group, ps.stream().filter(markers::contains).collect(Collectors.toSet())));
        return result;
    }

    /** Of {@code partitions}, those whose last offset (before {@code ends}) is a marker, not a record. */
    private Set<TopicPartition> trailingMarkers(Set<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        if (reader == null) {
            Map<String, Object> config = new HashMap<>(readerConfig);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
            reader = new KafkaConsumer<>(config);
        }
        reader.assign(partitions);
        partitions.forEach(p -> reader.seek(p, ends.get(p) - 1));
        Set<TopicPartition> undecided = new HashSet<>(partitions);
        Set<TopicPartition> markers = new HashSet<>();
        long deadline = System.nanoTime() + MARKER_CHECK.toNanos();
        while (!undecided.isEmpty() && System.nanoTime() < deadline) {
            var records = reader.poll(Duration.ofMillis(100));
            undecided.removeAll(records.partitions()); // a record came back: it is real lag
            for (TopicPartition p : List.copyOf(undecided)) {
                if (reader.position(p) >= ends.get(p)) {
                    markers.add(p);
                    undecided.remove(p);
                }
            }
        }
        reader.assign(List.of());
        return markers;
    }

    private static Map<TopicPartition, OffsetSpec> specs(Collection<TopicPartition> partitions, OffsetSpec spec) {
        return partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
    }

    private static Map<TopicPartition, Long> offsets(Map<TopicPartition, ListOffsetsResultInfo> infos) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    private static Map<TopicPartition, Long> committedOffsets(KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try {
            future.get(QUERY_SECONDS, TimeUnit.SECONDS).forEach((p, o) -> {
                if (o != null) {
                    offsets.put(p, o.offset());
                }
            });
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        return offsets;
    }

    private static GroupMembers members(KafkaFuture<ConsumerGroupDescription> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConsumerGroupDescription d;
        try {
            d = future.get(QUERY_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return GroupMembers.NONE;
            }
            throw e;
        }
        if (d.groupState() == org.apache.kafka.common.GroupState.DEAD && d.members().isEmpty()) {
            return GroupMembers.NONE;
        }
        return GroupMembers.of(d.groupState().toString(), d.members().stream().map(MemberDescription::clientId).toList(),
                d.members().stream().map(MemberDescription::host).toList());
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
