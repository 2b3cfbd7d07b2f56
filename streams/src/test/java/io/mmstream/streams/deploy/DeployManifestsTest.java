package io.mmstream.streams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmstream.streams.deploy.DeployManifests.Manifest;
import io.mmstream.streams.topics.Topic;
import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files ({@code deploy/compose.yaml}, {@code deploy/k8s/*.yaml}) are well-formed and
 * name the same topics, partitions and topic configs as the code, the brokers they describe replicate
 * as the reliability promises need (3 replicas, 2 in sync), and the workloads run what they should
 * where their files are. Expected values come from the code ({@link Topics#all()}), not from this
 * test; {@link KafkaUserAclsTest} checks the ACLs against the application ids.
 */
class DeployManifestsTest {

    private static final int REPLICATION_FACTOR = 3;
    private static final int MIN_IN_SYNC = 2;

    private static DeployManifests deploy;

    @BeforeAll
    static void load() {
        deploy = DeployManifests.load();
    }

    @Test
    void everyKubernetesDocumentNamesItsKindAndName() {
        assertFalse(deploy.kubernetes().isEmpty(), "deploy/k8s has no manifests");
        for (Manifest m : deploy.kubernetes()) {
            assertFalse(m.node().path("apiVersion").asText().isEmpty(), m.file() + ": a document without apiVersion");
            assertFalse(m.kind().isEmpty(), m.file() + ": a document without kind");
            if (!m.kind().equals("Kustomization")) {
                assertFalse(m.name().isEmpty(), m.file() + ": a " + m.kind() + " without metadata.name");
            }
        }
        for (Manifest m : deploy.kubernetes()) {
            if (m.node().path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
                assertEquals("kafka.strimzi.io/v1beta2", m.node().path("apiVersion").asText(), m + ": Strimzi API version");
            }
        }
    }

    @Test
    void kustomizationListsEveryManifestOfTheFolder() {
        Manifest kustomization = deploy.only("Kustomization");
        Set<String> listed = new TreeSet<>();
        kustomization.node().path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = DeployManifests.kubernetesFiles(deploy.folder().resolve("k8s")).stream()
                .map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(files, listed, "deploy/k8s/kustomization.yaml resources against the folder's manifests");
    }

    @Test
    void everyTopicOfTheCodeHasOneKafkaTopicWithItsPartitionsAndConfig() {
        Map<String, List<Manifest>> byTopic = new TreeMap<>();
        for (Manifest m : deploy.ofKind("KafkaTopic")) {
            String topic = m.node().path("spec").path("topicName").asText(m.name());
            byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(m);
        }
        List<String> problems = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            List<Manifest> found = byTopic.getOrDefault(topic.name(), List.of());
            if (found.size() != 1) {
                problems.add(topic.name() + ": " + found.size() + " KafkaTopic resources, expected 1 with partitions "
                        + topic.partitions() + ", replicas " + REPLICATION_FACTOR + ", config " + new TreeMap<>(topic.config()));
                continue;
            }
            JsonNode spec = found.get(0).node().path("spec");
            if (spec.path("partitions").asInt(-1) != topic.partitions()) {
                problems.add(topic.name() + ": partitions " + spec.path("partitions") + ", the code says " + topic.partitions());
            }
            if (spec.path("replicas").asInt(-1) != REPLICATION_FACTOR) {
                problems.add(topic.name() + ": replicas " + spec.path("replicas") + ", expected " + REPLICATION_FACTOR);
            }
            diffConfig(topic, strings(spec.path("config")), problems);
            assertEquals("mmstream", found.get(0).node().path("metadata").path("labels").path("strimzi.io/cluster").asText(),
                    found.get(0) + ": strimzi.io/cluster label");
        }
        Set<String> known = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        byTopic.keySet().stream().filter(t -> !known.contains(t))
                .forEach(t -> problems.add(t + ": a KafkaTopic for a topic that Topics.all() does not have"));
        assertNoProblems("deploy/k8s KafkaTopic resources against Topics.all()", problems);
    }

    @Test
    void composeCreatesEveryTopicOfTheCodeWithItsPartitionsAndConfig() {
        List<TopicCreation> creations = TopicCreation.parseAll(composeTopicScript());
        Map<String, List<TopicCreation>> byTopic = creations.stream().collect(Collectors.groupingBy(TopicCreation::topic));
        List<String> problems = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.all()) {
            List<TopicCreation> found = byTopic.getOrDefault(topic.name(), List.of());
            if (found.size() != 1) {
                problems.add(topic.name() + ": created " + found.size() + " times, expected once with: kafka-topics.sh ... "
                        + TopicCreation.argumentsFor(topic, REPLICATION_FACTOR));
                continue;
            }
            TopicCreation c = found.get(0);
            if (c.partitions() != topic.partitions()) {
                problems.add(topic.name() + ": --partitions " + c.partitions() + ", the code says " + topic.partitions());
            }
            if (c.replicationFactor() != REPLICATION_FACTOR) {
                problems.add(topic.name() + ": --replication-factor " + c.replicationFactor() + ", expected " + REPLICATION_FACTOR);
            }
            if (!c.ifNotExists()) {
                problems.add(topic.name() + ": no --if-not-exists, so a second `up` fails");
            }
            diffConfig(topic, c.config(), problems);
        }
        Set<String> known = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        byTopic.keySet().stream().filter(t -> !known.contains(t))
                .forEach(t -> problems.add(t + ": created in compose.yaml but not in Topics.all()"));
        assertNoProblems("deploy/compose.yaml topic creation against Topics.all()", problems);
    }

    @Test
    void composeBrokersReplicateThreeTimesWithTwoInSyncAndTakeTheLargestRecord() {
        Map<String, Map<String, String>> brokers = composeBrokers();
        assertEquals(REPLICATION_FACTOR, brokers.size(), "deploy/compose.yaml: KRaft nodes " + brokers.keySet());
        List<String> problems = new ArrayList<>();
        for (var broker : brokers.entrySet()) {
            Map<String, String> env = broker.getValue();
            Map<String, String> config = new TreeMap<>();
            // the image's naming: KAFKA_MIN_INSYNC_REPLICAS is min.insync.replicas
            env.forEach((k, v) -> {
                if (k.startsWith("KAFKA_")) {
                    config.put(k.substring("KAFKA_".length()).toLowerCase().replace('_', '.'), v);
                }
            });
            assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"), broker.getKey() + ": combined broker+controller node");
            checkBrokerConfig("compose " + broker.getKey(), config, problems);
        }
        assertNoProblems("deploy/compose.yaml brokers", problems);
    }

    @Test
    void strimziClusterIsThreeDualRoleKraftNodesReplicatingThreeTimesWithTwoInSync() {
        Manifest kafka = deploy.only("Kafka");
        JsonNode annotations = kafka.node().path("metadata").path("annotations");
        assertEquals("enabled", annotations.path("strimzi.io/kraft").asText(), kafka + ": strimzi.io/kraft annotation");
        assertEquals("enabled", annotations.path("strimzi.io/node-pools").asText(), kafka + ": strimzi.io/node-pools annotation");
        int nodes = 0;
        for (Manifest pool : deploy.ofKind("KafkaNodePool")) {
            assertEquals(kafka.name(), pool.node().path("metadata").path("labels").path("strimzi.io/cluster").asText(), pool + ": cluster label");
            Set<String> roles = new TreeSet<>();
            pool.node().path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            assertEquals(Set.of("broker", "controller"), roles, pool + ": dual-role nodes");
            nodes += pool.node().path("spec").path("replicas").asInt();
        }
        assertEquals(REPLICATION_FACTOR, nodes, "deploy/k8s: nodes in the KafkaNodePools");
        List<String> problems = new ArrayList<>();
        checkBrokerConfig(kafka.toString(), strings(kafka.node().path("spec").path("kafka").path("config")), problems);
        assertNoProblems("deploy/k8s Kafka config", problems);
    }

    @Test
    void workerStatefulSetRunsWorkerWithItsDataDirOnPersistentVolumes() {
        Manifest statefulSet = deploy.only("StatefulSet");
        Workload worker = new Workload(statefulSet);
        JsonNode spec = statefulSet.node().path("spec");
        Set<String> claims = new TreeSet<>();
        spec.path("volumeClaimTemplates").forEach(t -> claims.add(t.path("metadata").path("name").asText()));
        assertFalse(claims.isEmpty(), worker + ": no volumeClaimTemplates (persistent state folders)");
        assertTrue(worker.args().contains("worker"), worker + ": does not run `worker`: " + worker.args());
        Manifest service = deploy.named("Service", spec.path("serviceName").asText());
        assertEquals("None", service.node().path("spec").path("clusterIP").asText(), service + ": not headless");
        String dataDir = worker.option("--data-dir");
        String volume = worker.volumeHolding(dataDir);
        assertTrue(volume != null && claims.contains(volume),
                worker + ": --data-dir " + dataDir + " is not a volume of the volumeClaimTemplates " + claims + " (mounts " + worker.mounts() + ")");
        checkClientConfig(worker);
    }

    @Test
    void serveBindsEveryInterfaceInItsPodWithATokenFromASecret() {
        Workload serve = deploy.ofKind("Deployment").stream().map(Workload::new).filter(w -> w.args().contains("serve")).findFirst()
                .orElseThrow(() -> new AssertionError("deploy/k8s: no Deployment runs `serve`"));
        assertEquals("0.0.0.0", serve.option("--bind"), serve + ": --bind");
        String token = serve.option("--token-file");
        String volume = serve.volumeHolding(token);
        assertTrue(volume != null && serve.volume(volume).has("secret"), serve + ": --token-file " + token + " is not in a mounted Secret");
        assertEquals(serve.option("--port"), serve.container().path("ports").path(0).path("containerPort").asText(), serve + ": containerPort against --port");
        JsonNode podLabels = serve.manifest().node().path("spec").path("selector").path("matchLabels");
        assertTrue(deploy.ofKind("Service").stream().anyMatch(svc -> svc.node().path("spec").path("selector").equals(podLabels)),
                serve + ": no Service selects its pods");
        checkClientConfig(serve);
    }

    @Test
    void composeRunsWorkerAndServeAgainstItsBrokersAfterTheTopicsExist() {
        JsonNode services = deploy.compose().path("services");
        Set<String> brokers = composeBrokers().keySet();
        for (String name : List.of("worker", "serve")) {
            JsonNode service = services.path(name);
            List<String> command = texts(service.path("command"));
            assertTrue(command.contains(name), "compose " + name + ": does not run `" + name + "`: " + command);
            int at = command.indexOf("--bootstrap-servers");
            assertTrue(at >= 0, "compose " + name + ": no --bootstrap-servers");
            for (String hostPort : command.get(at + 1).split(",")) {
                assertTrue(brokers.contains(hostPort.split(":")[0]), "compose " + name + ": bootstrap server " + hostPort + " is not a broker " + brokers);
            }
            assertEquals("service_completed_successfully", service.path("depends_on").path("topics").path("condition").asText(),
                    "compose " + name + ": must wait for the topics service");
        }
        // `--scale worker=N` needs replicas that differ in nothing fixed
        assertTrue(services.path("worker").path("container_name").isMissingNode() && services.path("worker").path("ports").isMissingNode(),
                "compose worker: a container_name or published ports keep it from scaling");
        List<String> serve = texts(services.path("serve").path("command"));
        assertEquals("0.0.0.0", serve.get(serve.indexOf("--bind") + 1), "compose serve: --bind");
    }

    // ---- helpers

    private static void diffConfig(Topic<?, ?> topic, Map<String, String> declared, List<String> problems) {
        Map<String, String> expected = new TreeMap<>(topic.config());
        for (var e : expected.entrySet()) {
            if (!declared.containsKey(e.getKey())) {
                problems.add(topic.name() + ": config " + e.getKey() + " missing (the code sets " + e.getValue() + ")");
            } else if (!declared.get(e.getKey()).equals(e.getValue())) {
                problems.add(topic.name() + ": config " + e.getKey() + "=" + declared.get(e.getKey()) + ", the code says " + e.getValue());
            }
        }
        declared.keySet().stream().filter(k -> !expected.containsKey(k))
                .forEach(k -> problems.add(topic.name() + ": config " + k + "=" + declared.get(k) + " that the code does not set"));
    }

    private static void checkBrokerConfig(String where, Map<String, String> config, List<String> problems) {
        int largestRecord = Topics.all().stream().mapToInt(Topic::maxMessageBytes).max().orElseThrow();
        Map<String, Integer> atLeast = new LinkedHashMap<>();
        atLeast.put("message.max.bytes", largestRecord);
        atLeast.put("replica.fetch.max.bytes", largestRecord);
        Map<String, String> exactly = Map.of(
                "default.replication.factor", String.valueOf(REPLICATION_FACTOR),
                "min.insync.replicas", String.valueOf(MIN_IN_SYNC),
                "offsets.topic.replication.factor", String.valueOf(REPLICATION_FACTOR),
                "transaction.state.log.replication.factor", String.valueOf(REPLICATION_FACTOR),
                "transaction.state.log.min.isr", String.valueOf(MIN_IN_SYNC));
        new TreeMap<>(exactly).forEach((key, value) -> {
            if (!value.equals(config.get(key))) {
                problems.add(where + ": " + key + "=" + config.get(key) + ", expected " + value);
            }
        });
        atLeast.forEach((key, min) -> {
            String value = config.get(key);
            if (value == null || Long.parseLong(value) < min) {
                problems.add(where + ": " + key + "=" + value + ", below the largest record a topic takes (" + min + " bytes)");
            }
        });
    }

    /** The --client-config file is mounted from a ConfigMap, and it speaks to the TLS + SCRAM listener named by --bootstrap-servers. */
    private static void checkClientConfig(Workload workload) {
        String file = workload.option("--client-config");
        String volume = workload.volumeHolding(file);
        assertTrue(volume != null, workload + ": --client-config " + file + " is not on a mounted volume " + workload.mounts());
        String configMap = workload.volume(volume).path("configMap").path("name").asText();
        assertFalse(configMap.isEmpty(), workload + ": --client-config comes from volume " + volume + ", not a ConfigMap");
        Properties client = new Properties();
        try {
            client.load(new StringReader(deploy.named("ConfigMap", configMap).node().path("data")
                    .path(Path.of(file).getFileName().toString()).asText()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("SASL_SSL", client.getProperty("security.protocol"), "ConfigMap " + configMap + ": security.protocol");
        assertEquals("SCRAM-SHA-512", client.getProperty("sasl.mechanism"), "ConfigMap " + configMap + ": sasl.mechanism");
        String truststore = client.getProperty("ssl.truststore.location");
        assertTrue(truststore != null && workload.volumeHolding(truststore) != null,
                workload + ": ssl.truststore.location " + truststore + " (ConfigMap " + configMap + ") is not mounted");
        Manifest kafka = deploy.only("Kafka");
        String bootstrap = workload.option("--bootstrap-servers");
        JsonNode listener = null;
        for (JsonNode l : kafka.node().path("spec").path("kafka").path("listeners")) {
            if (bootstrap.equals(kafka.name() + "-kafka-bootstrap:" + l.path("port").asText())) {
                listener = l;
            }
        }
        assertTrue(listener != null, workload + ": --bootstrap-servers " + bootstrap + " is no listener of " + kafka);
        assertTrue(listener.path("tls").asBoolean(), workload + ": listener " + listener.path("name").asText() + " is not TLS");
        assertEquals("scram-sha-512", listener.path("authentication").path("type").asText(), workload + ": listener authentication");
    }

    private static Map<String, Map<String, String>> composeBrokers() {
        Map<String, Map<String, String>> brokers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = deploy.compose().path("services").fields(); it.hasNext(); ) {
            var service = it.next();
            Map<String, String> env = environment(service.getValue().path("environment"));
            if (service.getValue().path("image").asText().startsWith("apache/kafka") && env.containsKey("KAFKA_PROCESS_ROLES")) {
                brokers.put(service.getKey(), env);
            }
        }
        return brokers;
    }

    private static String composeTopicScript() {
        JsonNode command = deploy.compose().path("services").path("topics").path("command");
        if (command.isMissingNode()) {
            fail("deploy/compose.yaml: no `topics` service with a command");
        }
        return String.join("\n", texts(command));
    }

    private static Map<String, String> environment(JsonNode env) {
        Map<String, String> vars = new TreeMap<>();
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
        } else {
            env.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                vars.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        }
        return vars;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.addAll(List.of(node.asText().trim().split("\\s+")));
        }
        return out;
    }

    static void assertNoProblems(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(what + ":\n  " + String.join("\n  ", problems));
        }
    }
}
