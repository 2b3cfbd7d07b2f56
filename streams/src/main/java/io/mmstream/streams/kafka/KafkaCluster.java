package io.mmstream.streams.kafka;

import io.mmstream.streams.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka that mmstream talks to: the embedded single-node broker of the data dir (run by a
 * background process that every command on the data dir shares, see {@link LocalBroker}), or an
 * external cluster given by its bootstrap servers. Everything else is the same code for both.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerLease lease;
    private final String bootstrapServers;

    private KafkaCluster(BrokerLease lease, String bootstrapServers) {
        this.lease = lease;
        this.bootstrapServers = bootstrapServers;
    }

    /** Connects to {@code bootstrapServers}, or to the embedded broker of {@code dataDir} when null. */
    public static KafkaCluster open(String bootstrapServers, Path dataDir) {
        return open(bootstrapServers, dataDir, "mmstream");
    }

    /**
     * Connects to {@code bootstrapServers}, or, when null, to the broker of {@code dataDir}, starting it
     * in the background when no command runs it; {@code what} names the command to {@code broker status}.
     */
    public static KafkaCluster open(String bootstrapServers, Path dataDir, String what) {
        KafkaCluster cluster;
        if (bootstrapServers == null) {
            BrokerLease lease = LocalBroker.connect(dataDir, what);
            cluster = new KafkaCluster(lease, lease.bootstrapServers());
        } else {
            cluster = new KafkaCluster(null, bootstrapServers);
        }
        cluster.awaitReady();
        return cluster;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isEmbedded() {
        return lease != null;
    }

    /** The embedded broker's process id, or -1 on an external cluster. */
    public long brokerPid() {
        return lease == null ? -1 : lease.pid();
    }

    /** Throws when the embedded broker has died under this command. */
    public void check() {
        String lost = lost();
        if (lost != null) {
            throw new KafkaUnavailableException(lost, null);
        }
    }

    /** Why the embedded broker is gone, or null while it runs (always null on an external cluster). */
    public String lost() {
        return lease == null ? null : lease.lost();
    }

    /** Runs {@code action} once if the embedded broker dies under this command. */
    public void onBrokerLost(Runnable action) {
        if (lease != null) {
            lease.onLost(action);
        }
    }

    /** Creates the topics that do not exist yet, with their partitions and configuration. */
    public void ensureTopics(List<Topic<?, ?>> topics) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short replicas = (short) Math.min(3, Math.max(1, brokers));
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), replicas).configs(topic.config()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("cannot create topics on " + bootstrapServers + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while creating topics", e);
        }
    }

    /** An admin client for this cluster. */
    public Admin admin() {
        return adminFor(bootstrapServers);
    }

    /** An admin client for the cluster at {@code bootstrapServers}. */
    static Admin adminFor(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(props);
    }

    /**
     * Producer settings for raw byte records: acks from all in-sync replicas, idempotent,
     * {@code compression}, and requests large enough for the biggest record of {@code maxRecordBytes}.
     * The producer's bounded buffer blocks senders when the broker falls behind: that is the
     * back-pressure that keeps ingest memory flat.
     */
    public Map<String, Object> producerConfig(String clientId, String compression, int maxRecordBytes) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes + 64 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    /** Consumer settings for reading committed records without a group (assign and seek). */
    public Map<String, Object> readerConfig(String clientId) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // answers come within 100 ms, and close() no longer waits out a 500 ms fetch
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new KafkaUnavailableException("Kafka at " + bootstrapServers + " is not reachable"
                + (last == null ? "" : ": " + rootMessage(last)), last);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Ends this command's use of the cluster; the embedded broker goes on for the other commands. */
    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
    }
}
