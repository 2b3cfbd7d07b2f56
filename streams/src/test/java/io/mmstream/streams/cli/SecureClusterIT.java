package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.lanes.WallClock;
import io.mmstream.streams.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mmstream against a three-broker KRaft cluster whose client listener wants TLS and SCRAM-SHA-512
 * ({@code deploy/cluster.sh start --secure}: certificates made with keytool, a SCRAM user made at
 * format time): with {@code --client-config} a file is captioned through it; without the settings, or
 * with a wrong password, the command fails within seconds on one line saying why.
 */
@WallClock
class SecureClusterIT {

    /** Within H1's port range and away from the script's default (19092...), which other suites use. */
    private static final int BASE_PORT = 19150;
    private static final Duration FAILS_WITHIN = Duration.ofSeconds(20);

    private static final Path SCRIPT = Fixtures.root().resolve("deploy").resolve("cluster.sh");
    private static final Path CLUSTER = Path.of("target", "secure-cluster").toAbsolutePath();

    private static String secureBootstrap;

    /** One data dir for all the commands: the speech model's views are made once. */
    @TempDir
    static Path data;

    @TempDir
    Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        // a cluster left by a test run that died: stop it and start afresh
        if (Files.exists(CLUSTER.resolve("cluster.env"))) {
            script(Duration.ofSeconds(60), "stop");
        }
        deleteRecursively(CLUSTER);
        Script started = script(Duration.ofSeconds(150), "start", "--secure", "--base-port", String.valueOf(BASE_PORT));
        assertEquals(0, started.exitCode(), started.output());
        secureBootstrap = script(Duration.ofSeconds(30), "bootstrap", "--secure").output().strip();
        assertEquals("127.0.0.1:19170,127.0.0.1:19171,127.0.0.1:19172", secureBootstrap);
        assertTrue(Files.isRegularFile(CLUSTER.resolve("tls").resolve("client-truststore.p12")));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (Files.exists(CLUSTER.resolve("cluster.env"))) {
            Script stopped = script(Duration.ofSeconds(60), "stop");
            assertEquals(0, stopped.exitCode(), stopped.output());
        }
    }

    @Test
    void captionsComeThroughTlsAndScramWithTheClientConfig() throws Exception {
        Path vtt = work.resolve("utterance.vtt");
        CliRun run = CliRun.of("--data-dir", data.toString(), "--bootstrap-servers", secureBootstrap,
                "--client-config", CLUSTER.resolve("client-secure.properties").toString(),
                "captions", Fixtures.media("audio-only.ogg").toString(), "-o", vtt.toString());
        assertEquals(0, run.exitCode(), run.err());
        String heard = Files.readString(vtt).toLowerCase(java.util.Locale.ROOT);
        // the fixture's utterance: "and mister john dashwood had then leisure to consider ..."
        assertTrue(heard.contains("dashwood") && heard.contains("leisure"), heard);

        // the audit reads the secure cluster with the same file
        java.io.ByteArrayOutputStream audited = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream auditErr = new java.io.ByteArrayOutputStream();
        int audit = io.mmstream.streams.audit.DeliveryAudit.run(new String[] {secureBootstrap, "--client-config",
                CLUSTER.resolve("client-secure.properties").toString()}, new java.io.PrintStream(audited, true),
                new java.io.PrintStream(auditErr, true));
        assertEquals(0, audit, audited + "\n" + auditErr);
        assertTrue(audited.toString().contains(": exactly once"), audited.toString());

        Script status = script(Duration.ofSeconds(30), "status");
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().contains("under-replicated: 0"), status.output());
        java.util.regex.Matcher topics = java.util.regex.Pattern.compile("topics: (\\d+)").matcher(status.output());
        assertTrue(topics.find() && Integer.parseInt(topics.group(1)) >= Topics.all().size(),
                "the command made its topics on the cluster:\n" + status.output());
    }

    @Test
    void withoutTheClientConfigTheCommandFailsAtOnceSayingTheListenerWantsTls() throws Exception {
        long start = System.nanoTime();
        CliRun run = CliRun.of("--data-dir", data.toString(), "--bootstrap-servers", secureBootstrap,
                "captions", Fixtures.media("audio-only.ogg").toString(), "-o", work.resolve("x.vtt").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("mmstream: Kafka at " + secureBootstrap + " speaks TLS, but the client is set for PLAINTEXT"), run.err());
        assertTrue(run.err().contains("--client-config FILE"), run.err());
        assertTrue(took.compareTo(FAILS_WITHIN) < 0, "failed after " + took.toMillis() + " ms");
    }

    @Test
    void aWrongPasswordFailsNamingAuthentication() throws Exception {
        String settings = Files.readString(CLUSTER.resolve("client-secure.properties"));
        Path wrong = Files.writeString(work.resolve("wrong-password.properties"),
                settings.replaceAll("password=\"[^\"]*\";", "password=\"not-the-password\";"));
        long start = System.nanoTime();
        CliRun run = CliRun.of("--data-dir", data.toString(), "--bootstrap-servers", secureBootstrap,
                "--client-config", wrong.toString(),
                "captions", Fixtures.media("audio-only.ogg").toString(), "-o", work.resolve("x.vtt").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("mmstream: Kafka at " + secureBootstrap + ": authentication failed: "), run.err());
        assertTrue(run.err().contains("SCRAM-SHA-512"), run.err());
        assertTrue(took.compareTo(FAILS_WITHIN) < 0, "failed after " + took.toMillis() + " ms");
    }

    @Test
    void aMissingClientConfigIsAUsageErrorNamingTheFile() {
        Path missing = work.resolve("no-such.properties");
        CliRun run = CliRun.of("--bootstrap-servers", secureBootstrap, "--client-config", missing.toString(),
                "captions", Fixtures.media("audio-only.ogg").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(missing + ": no such file"), run.err());
    }

    /** What a run of {@code deploy/cluster.sh} printed (stdout and stderr together) and its status. */
    record Script(int exitCode, String output) {}

    private static Script script(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--dir", CLUSTER.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(CLUSTER.getParent());
        Path output = Files.createTempFile(CLUSTER.getParent(), "cluster-sh", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cluster.sh " + String.join(" ", args) + " did not end within " + timeout.toSeconds()
                        + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Script(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
