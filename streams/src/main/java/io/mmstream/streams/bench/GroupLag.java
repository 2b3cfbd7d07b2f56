package io.mmstream.streams.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints, for each consumer group whose id contains a filter, how many records of its topics it has
 * not yet committed past (its lag) and how many members it has: {@code group<TAB>members<TAB>lag}
 * (for bench scripts that sample a running pipeline).
 *
 * <p>Usage: {@code GroupLag BOOTSTRAP [FILTER]}.
 */
public final class GroupLag {

    private GroupLag() {}

    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        String filter = args.length > 1 ? args[1] : "";
        try (Admin admin = Admin.create(config)) {
            List<String> groups = admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).filter(g -> g.contains(filter)).sorted().toList();
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get(15, TimeUnit.SECONDS);
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
                long lag = 0;
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                System.out.printf(Locale.ROOT, "%s\t%d\t%d%n", group, described.get(group).members().size(), lag);
            }
        }
    }
}
