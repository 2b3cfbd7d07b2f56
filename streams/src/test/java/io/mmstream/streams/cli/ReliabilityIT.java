package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.audit.DeliveryAudit;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.StreamsApp;
import io.mmstream.streams.lanes.WallClock;
import io.mmstream.streams.search.IndexTopology;
import io.mmstream.streams.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite: a library ingested into the three-broker cluster of {@code deploy/cluster.sh}
 * and processed by two workers (with a codebook trained on another data dir, which reaches them
 * through mm.artifacts, so visual words are made too), while faults are injected: one broker killed
 * with SIGKILL during ingestion, one worker killed with SIGKILL mid-library and restarted, recognition
 * slower than decoding (the backlog waits in Kafka), and a worker's state folder filling up. It prints what it
 * injected, what it checked and what was lost, and fails unless every record of every stage exists
 * exactly once ({@link DeliveryAudit}). The report also lands in {@code target/reliability-report.md}.
 */
@WallClock
class ReliabilityIT {

    /** Client ports 19400-19402 (controllers 19410-19412): away from the other tests' clusters. */
    private static final int BASE_PORT = 19400;
    private static final Duration START = Duration.ofMinutes(3);
    /** What the overload check allows a worker's resident memory: its 1 GB heap plus Vosk and FFmpeg. */
    private static final long WORKER_RSS_BOUND_MB = 1_800;

    @TempDir
    Path work;

    @Test
    void killedWorkerAndBrokerOverloadAndAFullDiskLoseNothing() throws Exception {
        FaultReport report = new FaultReport();
        // kept after the run (target/ of the module): what each process said
        Path logs = Fixtures.root().resolve("streams").resolve("target").resolve("reliability-logs");
        if (Files.isDirectory(logs)) {
            try (var old = Files.walk(logs)) {
                old.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
        List<Path> library = new ArrayList<>();
        FullDisk disk = FullDisk.mount(work.resolve("a").resolve("streams"), 256);
        try (ThreeBrokers brokers = ThreeBrokers.start(work.resolve("cluster"), BASE_PORT);
                KafkaCluster cluster = KafkaCluster.open(brokers.bootstrap(), work.resolve("audit"));
                Admin admin = cluster.admin()) {
            String bootstrap = brokers.bootstrap();
            List<CliProcess> processes = new ArrayList<>();
            try {
                CliProcess a = processes(processes, worker(logs, "worker-a", bootstrap, work.resolve("a")));
                CliProcess b = processes(processes, worker(logs, "worker-b", bootstrap, work.resolve("b")));
                CliProcess serve = processes(processes, CliProcess.start(logs, "serve", "--bootstrap-servers", bootstrap,
                        "--data-dir", work.resolve("serve").toString(), "serve", "--port", "0"));
                a.awaitOutput("worker: running", START);
                b.awaitOutput("worker: running", START);
                serve.awaitOutput("serving on", START);

                // 0. one video, a codebook trained from its clips on another machine's data dir; the
                // workers take the codebook from mm.artifacts and start making visual words
                Path first = VideoCopies.copy(Fixtures.sample("dashwood.mp4"), work.resolve("library"), 0);
                assertEquals(0, ingest(logs, "ingest-0", bootstrap, List.of(first)).await(START));
                CliProcess train = CliProcess.start(logs, "codebook-train", "--bootstrap-servers", bootstrap,
                        "--data-dir", work.resolve("trainer").toString(), "codebook", "train", "--levels", "2", "--branching", "3");
                assertEquals(0, train.await(START), train.err());
                a.awaitOutput("tokens", START);
                b.awaitOutput("tokens", START);

                // 1. three videos, while a broker dies and a worker dies; recognition runs behind decoding
                OffsetWatch probe = new OffsetWatch(admin);
                Sampler sampler = Sampler.start(probe, a, b);
                long audioBefore = probe.endOffsets(Topics.AUDIO.name());
                for (int i = 1; i <= 3; i++) {
                    library.add(VideoCopies.copy(Fixtures.sample("dashwood.mp4"), work.resolve("library"), i));
                }
                CliProcess ingest = processes(processes, ingest(logs, "ingest-1", bootstrap, List.copyOf(library)));
                probe.awaitEnd(Topics.AUDIO.name(), audioBefore + 20, System.nanoTime(), START);
                long frames = probe.endOffsets(Topics.FRAMES.name());
                long brokerKilled = System.nanoTime();
                brokers.kill(3);
                double brokerRecovery = probe.awaitEnd(Topics.FRAMES.name(), frames + 50, brokerKilled, Duration.ofMinutes(2));
                report.injected("broker 3 of 3 killed (SIGKILL) during ingestion",
                        "ingest wrote on: " + FaultReport.seconds(brokerRecovery) + " after the kill");
                // one fault at a time: the broker comes back before the worker dies
                brokers.startNode(3);
                report.note("broker 3 restarted " + FaultReport.seconds((System.nanoTime() - brokerKilled) / 1e9) + " after its kill");
                assertEquals(0, ingest.await(Duration.ofMinutes(8)), ingest.err());

                // one more video, on a partition worker a recognises; worker a is killed while it recognises it:
                // it holds an mm.audio partition with 6 s of audio or more not yet committed
                List<Path> busy = videosFor(probe.heldBy(io.mmstream.streams.captions.CaptionTopology.APPLICATION_ID,
                        Topics.AUDIO.name(), "worker-a"), 100);
                library.addAll(busy);
                CliProcess ingestBusy = processes(processes, ingest(logs, "ingest-1b", bootstrap, busy));
                Map<Integer, Long> held;
                String killedWhile;
                try {
                    held = probe.awaitBusy(io.mmstream.streams.captions.CaptionTopology.APPLICATION_ID,
                            Topics.AUDIO.name(), "worker-a", 30, Duration.ofSeconds(90));
                    killedWhile = "while it held uncommitted audio";
                } catch (AssertionError neverBusy) {
                    // a machine this slow or fast is still tested for losses; the report says what the kill hit
                    held = probe.committed(io.mmstream.streams.captions.CaptionTopology.APPLICATION_ID, Topics.AUDIO.name());
                    killedWhile = "holding no uncommitted audio (it never held 30 records behind)";
                }
                long workerKilled = System.nanoTime();
                a.kill();
                a = processes(processes, worker(logs, "worker-a-restarted", bootstrap, work.resolve("a")));
                sampler.watch(a);
                double workerRecovery = probe.awaitEveryPartitionMoves(io.mmstream.streams.captions.CaptionTopology.APPLICATION_ID,
                        Topics.AUDIO.name(), held, workerKilled, Duration.ofMinutes(3));
                report.injected("worker a killed (SIGKILL) " + killedWhile + ", restarted at once",
                        "every mm.audio partition with work left moved on " + FaultReport.seconds(workerRecovery) + " after the kill");
                ingest = ingestBusy;
                assertEquals(0, ingest.await(Duration.ofMinutes(8)), ingest.err());
                sampler.stop();
                report.injected("overload: decoding ran ahead of recognition",
                        "at most " + sampler.peakLag() + " mm.audio records (" + String.format(java.util.Locale.ROOT, "%.0f", sampler.peakLag() * 0.2)
                                + " s of audio) waited in Kafka; worker RSS at most " + sampler.peakRssMb() + " MB");
                assertTrue(sampler.peakLag() >= 100, "recognition should have run behind decoding: " + sampler);
                assertTrue(sampler.peakRssMb() < WORKER_RSS_BOUND_MB, "worker memory should stay bounded: " + sampler);
                a.awaitOutput("worker: running", START);

                // 2. one more video, while worker a's state folder is full
                List<Path> more = videosFor(probe.heldBy(io.mmstream.streams.clips.ClipTopology.APPLICATION_ID,
                        Topics.FRAMES.name(), "worker-a"), 200);
                library.addAll(more);
                if (disk.mounted()) {
                    held = probe.committed(io.mmstream.streams.clips.ClipTopology.APPLICATION_ID, Topics.FRAMES.name());
                    disk.fill();
                    long filled = System.nanoTime();
                    CliProcess ingest2 = processes(processes, ingest(logs, "ingest-2", bootstrap, more));
                    int status = a.await(Duration.ofMinutes(3));
                    String why = a.err().lines().filter(l -> l.startsWith("worker:")).reduce((x, y) -> y).orElse("");
                    assertEquals(1, status, "worker a should stop on a full disk");
                    assertTrue(why.contains("No space left on device"), "the worker should say why it stopped: " + why);
                    double diskRecovery = probe.awaitEveryPartitionMoves(io.mmstream.streams.clips.ClipTopology.APPLICATION_ID, Topics.FRAMES.name(), held,
                            filled, Duration.ofMinutes(3));
                    assertEquals(0, ingest2.await(Duration.ofMinutes(5)), ingest2.err());
                    report.injected("worker a's state folder full (" + disk.sizeMb() + " MB tmpfs filled)",
                            "worker a stopped with \"" + why.replaceFirst("^worker: ", "") + "\"; worker b held every mm.frames partition "
                                    + FaultReport.seconds(diskRecovery) + " after the disk filled");
                    report.note("filled " + FaultReport.seconds((System.nanoTime() - filled) / 1e9) + " before the audit");
                    disk.empty();
                    a = processes(processes, worker(logs, "worker-a-after-disk", bootstrap, work.resolve("a")));
                    a.awaitOutput("worker: running", START);
                } else {
                    report.note("full disk not injected: " + disk.why());
                    assertEquals(0, ingest(logs, "ingest-2", bootstrap, more).await(Duration.ofMinutes(5)));
                }

                // 3. the audit: every record of every stage exactly once, nothing lost
                StreamsApp.awaitCommitted(admin, "indexing", IndexTopology.APPLICATION_ID, Topics.TRANSCRIPTS.name(),
                        Duration.ofMinutes(3), () -> {});
                StreamsApp.awaitCommitted(admin, "indexing", IndexTopology.APPLICATION_ID, Topics.CLIPS.name(),
                        Duration.ofMinutes(3), () -> {});
                DeliveryAudit audit = DeliveryAudit.read(cluster, true);
                String reference = CaptionsIT.segments().stream().map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
                List<String> lost = new ArrayList<>();
                assertEquals(library.size() + 1, audit.videos().size(), "one video per file: " + audit.videos().keySet());
                for (var video : audit.videos().entrySet()) {
                    List<String> problems = new ArrayList<>(audit.problems(video.getKey()));
                    audit.indexRepeats(video.getKey()).forEach((key, n) -> problems.add("index entry " + key + " written " + n + " times"));
                    double wer = WordErrorRate.of(reference, String.join(" ", video.getValue().words()));
                    if (wer > 0.15) {
                        problems.add("word error rate " + wer);
                    }
                    if (video.getValue().tokens().isEmpty()) {
                        problems.add("no visual words");
                    }
                    report.checked(video.getKey(), DeliveryAudit.counts(video.getValue()), wer, problems);
                    lost.addAll(problems);
                }
                report.write(Fixtures.root().resolve("streams").resolve("target").resolve("reliability-report.md"));
                System.out.println(report);
                assertEquals(List.of(), lost, "records lost or repeated:\n" + report);
            } finally {
                for (CliProcess p : processes) {
                    p.kill();
                }
                brokers.copyLogs(logs);
            }
        } finally {
            disk.unmount();
        }
    }

    /**
     * One more copy of the sample (numbered after {@code made}), which a worker holding {@code partitions}
     * of mm.frames and mm.audio will get (a video's records go to its id's partition).
     */
    private List<Path> videosFor(java.util.Set<Integer> partitions, int made) throws Exception {
        assertTrue(!partitions.isEmpty(), "worker a should hold partitions");
        List<Path> chosen = new ArrayList<>();
        for (int i = made + 1; chosen.isEmpty() && i <= made + 32; i++) {
            Path copy = VideoCopies.copy(Fixtures.sample("dashwood.mp4"), work.resolve("library"), i);
            byte[] key = io.mmstream.ingest.ContentIds.of(copy).getBytes(StandardCharsets.UTF_8);
            if (partitions.contains(org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(key)) % Topics.FRAMES.partitions())) {
                chosen.add(copy);
            } else {
                Files.delete(copy);
            }
        }
        assertEquals(1, chosen.size(), "no copy's id falls in partitions " + partitions);
        return chosen;
    }

    private static CliProcess processes(List<CliProcess> all, CliProcess p) {
        all.add(p);
        return p;
    }

    /**
     * Starts a worker; its Kafka clients are named after its data dir's folder ({@code client.id}
     * through {@code --client-config}), so the test can tell which partitions it holds.
     */
    private static CliProcess worker(Path logs, String name, String bootstrap, Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        Path clientConfig = dataDir.resolveSibling(dataDir.getFileName() + "-client.properties");
        Files.writeString(clientConfig, "client.id=worker-" + dataDir.getFileName() + "\n", StandardCharsets.UTF_8);
        return CliProcess.start(logs, name, "--bootstrap-servers", bootstrap, "--client-config", clientConfig.toString(),
                "--data-dir", dataDir.toString(), "worker");
    }

    private CliProcess ingest(Path logs, String name, String bootstrap, List<Path> files) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--data-dir", work.resolve("ingest").toString(),
                "ingest", "--no-processing", "--no-progress"));
        files.forEach(f -> args.add(f.toString()));
        return CliProcess.start(logs, name, args.toArray(String[]::new));
    }
}
