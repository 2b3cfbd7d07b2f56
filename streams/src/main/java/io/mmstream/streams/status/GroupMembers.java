package io.mmstream.streams.status;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is in a consumer group: its state (Stable, Empty, PreparingRebalance...; "none" when the
 * group does not exist), how many members (one per Kafka Streams thread), how many instances (the
 * processes those threads belong to) and on which hosts.
 */
public record GroupMembers(String state, int members, int instances, List<String> hosts) {

    /** A Kafka Streams thread's consumer: {@code <client id>-StreamThread-<n>-consumer}. */
    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-\\d+-consumer$");

    /** A group that does not exist (never joined, or deleted). */
    public static final GroupMembers NONE = new GroupMembers("none", 0, 0, List.of());

    public GroupMembers {
        hosts = List.copyOf(hosts);
    }

    /**
     * The group in {@code state} whose members have the client ids {@code clientIds} and hosts
     * {@code hosts}: threads of one Kafka Streams instance share its client id, so they count once.
     */
    public static GroupMembers of(String state, Collection<String> clientIds, Collection<String> hosts) {
        long instances = clientIds.stream().map(id -> STREAM_THREAD.matcher(id).replaceFirst("")).distinct().count();
        List<String> distinctHosts = hosts.stream().map(h -> h.startsWith("/") ? h.substring(1) : h).distinct().sorted().toList();
        return new GroupMembers(state, clientIds.size(), (int) instances, distinctHosts);
    }
}
