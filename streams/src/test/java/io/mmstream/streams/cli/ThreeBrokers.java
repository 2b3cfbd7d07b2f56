package io.mmstream.streams.cli;

import io.mmstream.ingest.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three-broker KRaft cluster of {@code deploy/cluster.sh}, run for a test in a folder of its own:
 * started, a node killed and restarted, stopped.
 */
final class ThreeBrokers implements AutoCloseable {

    private static final Path SCRIPT = Fixtures.root().resolve("deploy").resolve("cluster.sh");

    private final Path dir;
    private final String bootstrap;

    private ThreeBrokers(Path dir, String bootstrap) {
        this.dir = dir;
        this.bootstrap = bootstrap;
    }

    /** Starts the cluster in {@code dir} with client ports from {@code basePort}; {@code extra} as cluster.sh takes them. */
    static ThreeBrokers start(Path dir, int basePort, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "start", "--base-port", Integer.toString(basePort)));
        args.addAll(List.of(extra));
        run(args, 180);
        ThreeBrokers cluster = new ThreeBrokers(dir, run(List.of("--dir", dir.toString(), "bootstrap"), 30).strip());
        return cluster;
    }

    /** The bootstrap servers of the plain listeners. */
    String bootstrap() {
        return bootstrap;
    }

    /** The cluster's folder (logs, TLS material, client properties). */
    Path dir() {
        return dir;
    }

    /** Kills node {@code n} (1..3) with SIGKILL. */
    void kill(int n) throws IOException, InterruptedException {
        run(List.of("--dir", dir.toString(), "kill", Integer.toString(n)), 30);
    }

    /** Starts node {@code n} again on its data and waits until it is up. */
    void startNode(int n) throws IOException, InterruptedException {
        run(List.of("--dir", dir.toString(), "start-node", Integer.toString(n)), 120);
    }

    /** Copies the nodes' logs into {@code folder} (kept after the test, for a failure's post-mortem). */
    void copyLogs(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int n = 1; n <= 3; n++) {
            Path log = dir.resolve("node" + n + ".log");
            if (Files.exists(log)) {
                Files.copy(log, folder.resolve("broker-" + n + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("--dir", dir.toString(), "stop"), 60);
    }

    /** Runs cluster.sh with {@code args}; returns its standard output, failing with its output when it fails. */
    private static String run(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(args);
        Path log = Files.createTempFile("cluster-sh", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cluster.sh " + args + " did not end within " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("cluster.sh " + args + " failed (" + p.exitValue() + "):\n" + output);
            }
            return output.lines().filter(l -> !l.startsWith("cluster.sh:")).reduce("", (a, b) -> a + b + "\n");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
