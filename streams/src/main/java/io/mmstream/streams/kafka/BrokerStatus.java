package io.mmstream.streams.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code mmstream broker status} shows of a data dir's broker.
 *
 * @param files the data dir's broker files
 * @param address what the running broker published, or null when none runs
 * @param clients the commands using it
 * @param staleCleared whether an address file left by a broker that died was found and removed
 */
public record BrokerStatus(BrokerFiles files, BrokerAddress address, List<String> clients, boolean staleCleared) {

    public boolean running() {
        return address != null;
    }

    /** The status as lines a person reads. */
    public List<String> describe() {
        if (!running()) {
            return List.of("broker of " + files.dataDir() + ": not running"
                    + (staleCleared ? " (the address file of a broker that died was removed)" : ""));
        }
        Duration up = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - address.startedAtMs()));
        String state = address.ready() ? "running at " + address.bootstrapServers() : address.state();
        return List.of(
                "broker of " + files.dataDir() + ": " + state + " (pid " + address.pid() + ", up " + human(up)
                        + "; stops after " + human(Duration.ofSeconds(address.idleSeconds())) + " without commands)",
                "used by " + (clients.isEmpty() ? "no command" : clients.size() + (clients.size() == 1 ? " command" : " commands"))
                        + (clients.isEmpty() ? "" : ": " + String.join("; ", clients)),
                "log: " + files.kafkaLog() + " (" + megabytes(files.kafkaLog()) + " MB of records); broker output: " + files.log());
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        return s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private static long megabytes(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            // segments only: index files are preallocated sparse files whose length says nothing
            return all.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> p.toFile().length()).sum() / (1024 * 1024);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
