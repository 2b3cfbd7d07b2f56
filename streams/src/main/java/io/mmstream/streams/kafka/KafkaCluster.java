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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
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

    /** With every bootstrap address refusing connections this long, the cluster is reported down. */
    private static final Duration REFUSED_TIMEOUT = Duration.ofSeconds(10);

    private final BrokerLease lease;
    private final String bootstrapServers;
    private final ClientSettings clientSettings;

    private KafkaCluster(BrokerLease lease, String bootstrapServers, ClientSettings clientSettings) {
        this.lease = lease;
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = clientSettings;
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
        return open(bootstrapServers, dataDir, what, ClientSettings.none());
    }

    /**
     * As {@link #open(String, Path, String)}, every client made with {@code clientSettings} (TLS,
     * SASL, ...); their {@code bootstrap.servers}, if any, is the cluster when {@code bootstrapServers} is null.
     */
    public static KafkaCluster open(String bootstrapServers, Path dataDir, String what, ClientSettings clientSettings) {
        String servers = bootstrapServers != null ? bootstrapServers : clientSettings.bootstrapServers();
        KafkaCluster cluster;
        if (servers == null) {
            if (!clientSettings.securityProtocol().equals("PLAINTEXT")) {
                throw new KafkaUnavailableException(clientSettings.source() + " sets security.protocol "
                        + clientSettings.securityProtocol() + ", but the embedded broker speaks PLAINTEXT: give --bootstrap-servers", null);
            }
            BrokerLease lease = LocalBroker.connect(dataDir, what);
            cluster = new KafkaCluster(lease, lease.bootstrapServers(), clientSettings);
        } else {
            cluster = new KafkaCluster(null, servers, clientSettings);
        }
        cluster.awaitReady();
        return cluster;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The extra client settings ({@code --client-config}) every client of this cluster gets. */
    public ClientSettings clientSettings() {
        return clientSettings;
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
        return Admin.create(clientSettings.applyTo(adminConfig(bootstrapServers)));
    }

    /** An admin client for the cluster at {@code bootstrapServers} (plain, as the embedded broker speaks). */
    static Admin adminFor(String bootstrapServers) {
        return Admin.create(adminConfig(bootstrapServers));
    }

    private static Map<String, Object> adminConfig(String bootstrapServers) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    }

    /**
     * {@code streamsConfig} (a topology's settings for this cluster) with the extra client settings
     * added, in place; un-prefixed, they reach every client of the application.
     */
    public Properties streamsConfig(Properties streamsConfig) {
        return clientSettings.applyTo(streamsConfig);
    }

    /**
     * Producer settings for raw byte records: acks from all in-sync replicas, idempotent,
     * {@code compression}, and requests large enough for the biggest record of {@code maxRecordBytes}.
     * The producer's bounded buffer blocks senders when the broker falls behind: that is the
     * back-pressure that keeps ingest memory flat.
     */
    public Map<String, Object> producerConfig(String clientId, String compression, int maxRecordBytes) {
        return withClientSettings(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes + 64 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Consumer settings for reading committed records without a group (assign and seek). */
    public Map<String, Object> readerConfig(String clientId) {
        return withClientSettings(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // answers come within 100 ms, and close() no longer waits out a 500 ms fetch
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private Map<String, Object> withClientSettings(Map<String, Object> config) {
        return Map.copyOf(clientSettings.applyTo(config));
    }

    /**
     * Waits until the cluster answers. Fails at once when it refuses the credentials or the TLS
     * handshake, or when its listener speaks TLS to a client set for plain text; fails after
     * {@link #REFUSED_TIMEOUT} when no bootstrap address accepts connections, else after
     * {@link #READY_TIMEOUT}.
     */
    private void awaitReady() {
        long start = System.nanoTime();
        long deadline = start + READY_TIMEOUT.toNanos();
        Exception last = null;
        String failure = lease == null && !clientSettings.usesTls() ? tlsMismatch(ListenerProbe.probe(bootstrapServers)) : null;
        if (failure != null) {
            close();
            throw new KafkaUnavailableException(failure, null);
        }
        Admin admin = null;
        try {
            admin = admin();
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                    failure = lease == null ? diagnose(e, System.nanoTime() - start) : null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } catch (KafkaException e) {
            // the client could not even be made (e.g. a truststore it cannot open)
            last = e;
            failure = "Kafka at " + bootstrapServers + ": cannot make a client with " + clientSettings + ": " + rootMessage(e);
        } finally {
            if (admin != null) {
                // the calls still pending on a cluster that does not answer are dropped, not waited out
                admin.close(Duration.ofSeconds(1));
            }
        }
        close();
        throw new KafkaUnavailableException(failure != null ? failure : "Kafka at " + bootstrapServers + " is not reachable"
                + (last == null ? "" : ": " + rootMessage(last)), last);
    }

    /** Why an external cluster does not answer, when that is already certain; null to keep waiting. */
    private String diagnose(Exception e, long waitedNanos) {
        if (e.getCause() instanceof SslAuthenticationException ssl) {
            return "Kafka at " + bootstrapServers + ": TLS handshake failed: " + rootMessage(ssl);
        }
        if (e.getCause() instanceof AuthenticationException auth) {
            return "Kafka at " + bootstrapServers + ": authentication failed: " + rootMessage(auth);
        }
        List<ListenerProbe.Answer> answers = ListenerProbe.probe(bootstrapServers);
        if (answers.stream().allMatch(ListenerProbe.Answer.REFUSED::equals) && waitedNanos >= REFUSED_TIMEOUT.toNanos()) {
            return "Kafka at " + bootstrapServers + " is not reachable: connection refused";
        }
        return clientSettings.usesTls() ? null : tlsMismatch(answers);
    }

    /**
     * Why a plain-text client cannot talk to these listeners, when one of them speaks TLS; else null.
     * (Asked before the client connects: it would read the TLS alert as a 350 MB response size.)
     */
    private String tlsMismatch(List<ListenerProbe.Answer> answers) {
        if (!answers.contains(ListenerProbe.Answer.TLS)) {
            return null;
        }
        return "Kafka at " + bootstrapServers + " speaks TLS, but the client is set for "
                + clientSettings.securityProtocol() + ": give the cluster's client settings"
                + " (security.protocol SSL or SASL_SSL, truststore, credentials) with --client-config FILE";
    }

    /** The message of the innermost cause of {@code e} (its class name when it has none). */
    public static String rootMessage(Throwable e) {
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
