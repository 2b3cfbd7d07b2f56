package io.mmstream.streams.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The files by which the commands on one data dir share its broker, all under {@code <data-dir>/broker/}:
 * <ul>
 *   <li>{@code daemon.lock}: locked by the broker process for as long as it lives; the lock, not the
 *       address file, says whether a broker runs (the OS drops it when the process dies, even by {@code kill -9});
 *   <li>{@code broker.properties}: the address file: pid, bootstrap address, state ({@code starting},
 *       {@code ready}, {@code failed}) and, when it failed, why;
 *   <li>{@code start.lock}: held by the one command that starts a broker, so two never start together;
 *   <li>{@code clients/}: one file per command using the broker, locked by it while it runs;
 *   <li>{@code broker.log}: what the broker process printed.
 * </ul>
 * The broker's own log (topics and records) stays in {@code <data-dir>/kafka}.
 */
public record BrokerFiles(Path dataDir) {

    public BrokerFiles {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path folder() {
        return dataDir.resolve("broker");
    }

    /** Where Kafka keeps topics and records; only the broker process opens it. */
    public Path kafkaLog() {
        return dataDir.resolve("kafka");
    }

    public Path daemonLock() {
        return folder().resolve("daemon.lock");
    }

    public Path startLock() {
        return folder().resolve("start.lock");
    }

    public Path addressFile() {
        return folder().resolve("broker.properties");
    }

    public Path clients() {
        return folder().resolve("clients");
    }

    public Path log() {
        return folder().resolve("broker.log");
    }

    /** The ports the last broker listened on: the next one takes them again when free, so clients find it. */
    public Path ports() {
        return folder().resolve("ports.properties");
    }

    /** The broker and controller ports of the last broker, or zeros. */
    public int[] readPorts() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(ports(), StandardCharsets.UTF_8)) {
            p.load(in);
            return new int[] {Integer.parseInt(p.getProperty("broker", "0")), Integer.parseInt(p.getProperty("controller", "0"))};
        } catch (IOException | IllegalArgumentException e) {
            return new int[] {0, 0};
        }
    }

    /** Remembers the ports of the broker that runs now. */
    public void writePorts(int broker, int controller) {
        try {
            Files.writeString(ports(), "broker=" + broker + "\ncontroller=" + controller + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the next broker takes any free ports: clients read its address anyway
        }
    }

    /** Creates the folders. */
    public BrokerFiles create() {
        try {
            Files.createDirectories(clients());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + clients(), e);
        }
    }

    /** What the address file says, if there is one. */
    public Optional<BrokerAddress> readAddress() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(addressFile(), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            // a torn or foreign file: as good as none
            return Optional.empty();
        }
        return Optional.ofNullable(BrokerAddress.from(p));
    }

    /** Replaces the address file atomically: readers see the old one or the new one, never half. */
    public void writeAddress(BrokerAddress address) {
        Path tmp = addressFile().resolveSibling("broker.properties.tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                address.toProperties().store(out, "the broker of this data dir (written by the broker process)");
            }
            try {
                Files.move(tmp, addressFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, addressFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + addressFile(), e);
        }
    }

    /** Removes the address file (a broker that stopped, or a stale one found after a crash). */
    public void clearAddress() {
        try {
            Files.deleteIfExists(addressFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + addressFile(), e);
        }
    }
}
