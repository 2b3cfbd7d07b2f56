package io.mmstream.streams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmstream.streams.deploy.DeployManifests.Manifest;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code KafkaUser} of {@code deploy/k8s/user.yaml} allows what the code does and names nothing
 * it does not: a consumer group per Kafka Streams application id of the topologies, their
 * transactional ids and internal topics, the transactional ids of the code's own producers, and the
 * {@code mm.} topics.
 */
class KafkaUserAclsTest {

    @Test
    void aclsCoverEveryApplicationIdAndTransactionalIdOfTheCodeAndNoOther() {
        DeployManifests deploy = DeployManifests.load();
        Set<String> applicationIds = CodeApplicationIds.find();
        Set<String> ownTransactions = CodeTransactionalIds.prefixes(deploy.folder().resolveSibling("streams/src/main/java"));
        Manifest user = deploy.only("KafkaUser");
        assertEquals("scram-sha-512", user.node().path("spec").path("authentication").path("type").asText(), user + ": authentication");
        Acls acls = Acls.of(user.node().path("spec").path("authorization").path("acls"));

        assertEquals(applicationIds, acls.groups.keySet(), user + ": consumer groups (literal) in the ACLs against the code's application ids");
        List<String> problems = new ArrayList<>();
        for (String id : applicationIds) {
            if (!acls.groups.get(id).contains("Read")) {
                problems.add(id + ": the group ACL does not allow Read");
            }
            if (!acls.transactionalIdPrefixes.getOrDefault(id, Set.of()).containsAll(Set.of("Describe", "Write"))) {
                problems.add(id + ": no transactionalId prefix ACL " + id + " with Describe and Write (exactly-once)");
            }
            if (!acls.topicPrefixes.getOrDefault(id, Set.of()).contains("All")) {
                problems.add(id + ": no topic prefix ACL " + id + " with All for its changelog and repartition topics");
            }
        }
        for (String prefix : ownTransactions) {
            boolean covered = acls.transactionalIdPrefixes.entrySet().stream()
                    .anyMatch(e -> prefix.startsWith(e.getKey()) && e.getValue().containsAll(Set.of("Describe", "Write")));
            if (!covered) {
                problems.add("transactional id " + prefix + "...: no transactionalId prefix ACL with Describe and Write covers it");
            }
        }
        for (String acl : acls.transactionalIdPrefixes.keySet()) {
            if (!applicationIds.contains(acl) && ownTransactions.stream().noneMatch(p -> p.startsWith(acl))) {
                problems.add("transactionalId ACL " + acl + ": no application id or producer of the code uses it");
            }
        }
        for (Topic<?, ?> topic : Topics.all()) {
            boolean covered = acls.topicPrefixes.entrySet().stream().anyMatch(e -> topic.name().startsWith(e.getKey())
                    && (e.getValue().contains("All") || e.getValue().containsAll(Set.of("Describe", "Read", "Write"))));
            if (!covered) {
                problems.add(topic.name() + ": no topic ACL allows Describe, Read and Write");
            }
        }
        if (!acls.cluster.contains("IdempotentWrite") && !acls.cluster.contains("All")) {
            problems.add("cluster: no IdempotentWrite for the idempotent producers (ingest, serve's live sources)");
        }
        DeployManifestsTest.assertNoProblems("deploy/k8s/user.yaml ACLs against the code", problems);
    }

    /** The ACLs of a KafkaUser by resource: literal groups, prefixed transactional ids and topics, operations each. */
    private static final class Acls {
        final Map<String, Set<String>> groups = new TreeMap<>();
        final Map<String, Set<String>> transactionalIdPrefixes = new TreeMap<>();
        final Map<String, Set<String>> topicPrefixes = new TreeMap<>();
        final Set<String> cluster = new TreeSet<>();

        static Acls of(JsonNode list) {
            Acls acls = new Acls();
            for (JsonNode acl : list) {
                JsonNode resource = acl.path("resource");
                Set<String> operations = new TreeSet<>();
                acl.path("operations").forEach(o -> operations.add(o.asText()));
                String name = resource.path("name").asText();
                boolean prefix = resource.path("patternType").asText("literal").equals("prefix");
                // a literal transactional id or topic, or a prefixed group, is none of what the code uses:
                // marked so that it shows up as a mismatch
                switch (resource.path("type").asText()) {
                    case "group" -> acls.groups.put(prefix ? name + " (prefix)" : name, operations);
                    case "transactionalId" -> acls.transactionalIdPrefixes.put(prefix ? name : name + " (literal)", operations);
                    case "topic" -> acls.topicPrefixes.put(prefix ? name : name + " (literal)", operations);
                    case "cluster" -> acls.cluster.addAll(operations);
                    default -> { }
                }
            }
            return acls;
        }
    }
}
