import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What {@code cluster.sh} does inside a JVM: formats the nodes' storage (all in one JVM, which is
 * quicker than Kafka's storage tool once per node), waits until the cluster is ready, and prints its
 * status (brokers, controller quorum, under-replicated partitions) through the admin API.
 *
 * <p>Usage: {@code ClusterTool format CLUSTER_ID SCRAM|- CONFIG...} formats each node of {@code CONFIG...}
 * ({@code SCRAM} is a storage tool {@code --add-scram} value, {@code -} for none);
 * {@code ClusterTool ready BOOTSTRAP BROKERS TIMEOUT_S} exits 0 once {@code BROKERS} brokers are
 * registered and the quorum has a leader; {@code ClusterTool status BOOTSTRAP} prints the status.
 */
public final class ClusterTool {

    private ClusterTool() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("format")) {
            System.exit(format(args[1], args[2], java.util.Arrays.copyOfRange(args, 3, args.length)));
        } else if (args.length >= 4 && args[0].equals("ready")) {
            System.exit(awaitReady(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])) ? 0 : 1);
        } else if (args.length >= 2 && args[0].equals("status")) {
            System.exit(printStatus(args[1]) ? 0 : 1);
        } else {
            System.err.println("usage: ClusterTool format CLUSTER_ID SCRAM|- CONFIG... | ready BOOTSTRAP BROKERS TIMEOUT_S"
                    + " | status BOOTSTRAP");
            System.exit(2);
        }
    }

    /** Formats each node's storage with Kafka's storage tool, as {@code kafka-storage format} would. */
    private static int format(String clusterId, String scram, String[] configs) {
        for (String config : configs) {
            List<String> args = new ArrayList<>(List.of("format", "--cluster-id", clusterId, "--config", config, "--ignore-formatted"));
            if (!scram.equals("-")) {
                args.addAll(List.of("--add-scram", scram));
            }
            try {
                int status = kafka.tools.StorageTool.execute(args.toArray(String[]::new), System.out);
                if (status != 0) {
                    System.err.println("formatting " + config + " failed with status " + status);
                    return status;
                }
            } catch (Exception e) {
                System.err.println("formatting " + config + " failed: " + rootMessage(e));
                return 1;
            }
        }
        return 0;
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(p);
    }

    /** Waits until {@code brokers} brokers are registered and the controller quorum has a leader. */
    private static boolean awaitReady(String bootstrap, int brokers, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = "no answer";
        try (Admin admin = admin(bootstrap)) {
            while (System.nanoTime() < deadline) {
                try {
                    int registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
                    if (registered >= brokers && quorum.leaderId() >= 0) {
                        return true;
                    }
                    last = registered + " of " + brokers + " brokers registered, quorum leader " + quorum.leaderId();
                } catch (Exception e) {
                    last = rootMessage(e);
                }
                Thread.sleep(500);
            }
        }
        System.err.println("cluster at " + bootstrap + " not ready after " + timeoutSeconds + " s: " + last);
        return false;
    }

    /** Prints the brokers, the quorum and the under-replicated partitions; false when the cluster does not answer. */
    private static boolean printStatus(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(8, TimeUnit.SECONDS);
            System.out.println("brokers registered: " + nodes.stream().map(Node::id).sorted()
                    .map(String::valueOf).collect(Collectors.joining(",")));

            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(8, TimeUnit.SECONDS);
            List<String> voters = new ArrayList<>();
            for (QuorumInfo.ReplicaState voter : quorum.voters()) {
                long lag = quorum.highWatermark() - voter.logEndOffset();
                voters.add(voter.replicaId() + (voter.replicaId() == quorum.leaderId() ? " leader" : " lag " + lag));
            }
            System.out.println("controller quorum: leader " + quorum.leaderId() + ", epoch " + quorum.leaderEpoch()
                    + ", high watermark " + quorum.highWatermark() + ", voters [" + String.join("; ", voters) + "]");

            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get(8, TimeUnit.SECONDS);
            Map<String, TopicDescription> topics = new TreeMap<>(admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS));
            int partitions = 0;
            List<String> under = new ArrayList<>();
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo p : topic.partitions()) {
                    partitions++;
                    if (p.isr().size() < p.replicas().size()) {
                        under.add(topic.name() + "-" + p.partition() + " (leader " + (p.leader() == null ? "none" : p.leader().id())
                                + ", isr " + ids(p.isr()) + " of " + ids(p.replicas()) + ")");
                    }
                }
            }
            System.out.println("topics: " + topics.size() + ", partitions: " + partitions
                    + ", under-replicated: " + under.size());
            under.stream().limit(20).forEach(line -> System.out.println("  " + line));
            if (under.size() > 20) {
                System.out.println("  ... and " + (under.size() - 20) + " more");
            }
            return true;
        } catch (Exception e) {
            System.out.println("cluster at " + bootstrap + " does not answer: " + rootMessage(e));
            return false;
        }
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(",", "[", "]"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
