package io.mmstream.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.streams.lanes.WallClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background broker of a data dir: shared, stopped when idle, found stale after a crash, and honest about a damaged log. */
@WallClock
class LocalBrokerIT {

    @TempDir
    Path dataDir;

    @AfterEach
    void defaultIdle() {
        System.clearProperty("mmstream.broker.idle");
    }

    @Test
    void commandsShareOneBrokerThatOutlivesThemAndStopsWhenIdle() throws Exception {
        System.setProperty("mmstream.broker.idle", "3");
        long pid;
        try (KafkaCluster first = KafkaCluster.open(null, dataDir, "first");
                KafkaCluster second = KafkaCluster.open(null, dataDir, "second")) {
            pid = first.brokerPid();
            assertEquals(pid, second.brokerPid(), "the second command finds the first one's broker");
            assertEquals(first.bootstrapServers(), second.bootstrapServers());
            assertNotEquals(ProcessHandle.current().pid(), pid, "the broker runs in a process of its own");
            BrokerStatus status = LocalBroker.status(dataDir);
            assertEquals(2, status.clients().size(), String.join("\n", status.describe()));
        }
        assertTrue(LocalBroker.alive(pid), "the broker outlives the commands that used it");
        awaitDeath(pid, Duration.ofSeconds(30));
        assertFalse(LocalBroker.status(dataDir).running());
        assertFalse(Files.exists(new BrokerFiles(dataDir).addressFile()), "a broker that stopped removes its address");
    }

    @Test
    void aStaleAddressFileIsRecognisedAndARestartedBrokerKeepsItsAddress() throws Exception {
        String address;
        long pid;
        try (KafkaCluster cluster = KafkaCluster.open(null, dataDir, "test")) {
            address = cluster.bootstrapServers();
            pid = cluster.brokerPid();
        }
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitDeath(pid, Duration.ofSeconds(30));
        assertTrue(Files.exists(new BrokerFiles(dataDir).addressFile()), "kill -9 leaves the address file behind");
        try (KafkaCluster again = KafkaCluster.open(null, dataDir, "test")) {
            assertNotEquals(pid, again.brokerPid());
            assertEquals(address, again.bootstrapServers(), "a restarted broker takes its old ports when free");
            again.ensureTopics(io.mmstream.streams.topics.Topics.all());
        }
    }

    @Test
    void aBrokerStopsWhenItsDataDirIsRemoved() throws Exception {
        long pid;
        try (KafkaCluster cluster = KafkaCluster.open(null, dataDir, "test")) {
            pid = cluster.brokerPid();
        }
        LocalBroker.status(dataDir); // nothing else holds the folder open
        deleteTree(new BrokerFiles(dataDir).folder());
        awaitDeath(pid, Duration.ofSeconds(30));
    }

    @Test
    void aDamagedLogIsReportedWithWhatToDo() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.open(null, dataDir, "test")) {
            cluster.ensureTopics(io.mmstream.streams.topics.Topics.all());
        }
        LocalBroker.stop(dataDir, Duration.ofSeconds(60));
        Files.writeString(new BrokerFiles(dataDir).kafkaLog().resolve("meta.properties"), "\u0000\u0001garbage=\n");
        KafkaUnavailableException e = assertThrows(KafkaUnavailableException.class, () -> KafkaCluster.open(null, dataDir, "test"));
        String log = new BrokerFiles(dataDir).kafkaLog().toString();
        assertTrue(e.getMessage().contains("the broker's log " + log + " could not be opened"), e.getMessage());
        assertTrue(e.getMessage().contains("mv " + log + " " + log + ".damaged"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static void awaitDeath(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (LocalBroker.alive(pid)) {
            assertTrue(System.nanoTime() < deadline, "broker " + pid + " still runs after " + timeout.toSeconds() + " s");
            Thread.sleep(100);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
