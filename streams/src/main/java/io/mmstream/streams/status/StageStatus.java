package io.mmstream.streams.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * How one stage stands: its lag (records of its topics its group has not yet committed past; null for
 * ingest), that lag per topic, its throughput over the last sampling window (records per second
 * consumed, for ingest produced; null before a second sample) and its group's members.
 */
public record StageStatus(Stage stage, Long lag, Map<String, Long> lagByTopic, Double recordsPerSecond,
        double intervalSeconds, GroupMembers group) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** True when the stage moved nothing over the window. */
    public boolean idle() {
        return recordsPerSecond != null && recordsPerSecond == 0;
    }

    /**
     * One JSON object: {@code stage, group, topics, lag, never_ran, lag_by_topic, records_per_s, idle, interval_s,
     * state, members, instances, hosts}; fields that do not apply (ingest's lag and group) are null.
     */
    public String toJson() {
        return json().toString();
    }

    /** The object {@link #toJson()} prints. */
    public ObjectNode json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("stage", stage.name());
        o.put("group", stage.group());
        o.set("topics", JSON.valueToTree(stage.topics()));
        o.put("lag", lag);
        o.put("never_ran", neverRan());
        o.set("lag_by_topic", lagByTopic == null ? null : JSON.valueToTree(lagByTopic));
        o.put("records_per_s", recordsPerSecond == null ? null : Math.round(recordsPerSecond * 10) / 10.0);
        o.put("idle", recordsPerSecond == null ? null : idle());
        o.put("interval_s", Math.round(intervalSeconds * 1000) / 1000.0);
        o.put("state", group == null ? null : group.state());
        o.put("members", group == null ? null : group.members());
        o.put("instances", group == null ? null : group.instances());
        o.set("hosts", group == null ? null : JSON.valueToTree(group.hosts()));
        return o;
    }

    /** The column titles of {@link #row()}. */
    public static final List<String> COLUMNS = List.of("STAGE", "TOPICS", "LAG", "THROUGHPUT", "INSTANCES", "STATE");

    /** True when the stage's group does not exist: the stage never ran on this cluster (or its group was deleted). */
    public boolean neverRan() {
        return group != null && GroupMembers.NONE.state().equals(group.state()) && group.members() == 0;
    }

    /**
     * The stage's cells for a table: stage, topics, lag, throughput (or idle), instances with hosts, group
     * state. A stage that never ran shows no lag: its whole input is not work waiting for anyone.
     */
    public List<String> row() {
        String rate = recordsPerSecond == null ? "-" : idle() ? "idle"
                : String.format(java.util.Locale.ROOT, "%.1f rec/s", recordsPerSecond);
        String instances = group == null ? "-" : group.members() == 0 ? "0"
                : group.instances() + " (" + group.members() + (group.members() == 1 ? " thread" : " threads")
                        + (group.hosts().isEmpty() ? "" : " on " + String.join(",", group.hosts())) + ")";
        return List.of(stage.name(), String.join(",", stage.topics()), lag == null || neverRan() ? "-" : Long.toString(lag), rate,
                instances, group == null ? "-" : group.state());
    }
}
