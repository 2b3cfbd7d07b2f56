package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.Feature;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) running inside this JVM.
 *
 * <p>Its log lives in a folder the caller chooses and is formatted only the first time, so topics
 * and records survive restarts: a second command on the same data dir sees what the first wrote.
 * It listens on loopback ports picked at start.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private final int controllerPort;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, int controllerPort) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker whose log is under {@code logDir}, formatting it on first use. */
    public static EmbeddedKafka start(Path logDir) {
        return start(logDir, 0, 0);
    }

    /**
     * Starts a broker whose log is under {@code logDir} on the ports given when they are free (0, or a
     * taken port, for any free one): a restarted broker keeps its address, so clients find it again.
     */
    public static EmbeddedKafka start(Path logDir, int preferredBrokerPort, int preferredControllerPort) {
        try {
            Files.createDirectories(logDir);
            int[] ports = freePorts(preferredBrokerPort, preferredControllerPort);
            int brokerPort = ports[0];
            int controllerPort = ports[1];
            Properties props = brokerProperties(logDir, brokerPort, controllerPort);
            KafkaConfig config = new KafkaConfig(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, "127.0.0.1:" + brokerPort, controllerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker in " + logDir, e);
        }
    }

    /** Where clients connect. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The KRaft controller's port. */
    public int controllerPort() {
        return controllerPort;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // one node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // the frames topic raises its own limit; this is the broker-wide ceiling for any topic
        p.put("message.max.bytes", String.valueOf(5 * 1024 * 1024));
        p.put("replica.fetch.max.bytes", String.valueOf(5 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(256 * 1024 * 1024));
        // the log cleaner's key map for compacted topics (codebooks, models, changelogs) is a heap array
        // held for the broker's life: Kafka's 128 MB was most of the embedded broker's resident memory;
        // 16 MB maps 700,000 keys a pass, far more than a data dir's compacted topics hold
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    private static void format(Path logDir) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static ServerSocket bind(int preferred) throws IOException {
        if (preferred > 0) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), preferred), 1);
                return socket;
            } catch (IOException taken) {
                // another program has it now: any free port will do
            }
        }
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /**
     * Distinct free loopback ports, the preferred ones where they are free: all sockets are held open
     * together, so no port comes twice.
     */
    private static int[] freePorts(int... preferred) throws IOException {
        int count = preferred.length;
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = bind(preferred[i]);
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }
}
