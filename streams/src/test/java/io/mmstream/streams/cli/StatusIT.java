package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.lanes.WallClock;
import io.mmstream.streams.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --json} on the embedded broker after {@code captions}: the captioning stage caught up
 * (lag 0 on mm.audio); then, with records on mm.audio no instance has read, lag equal to those records;
 * a group one offset behind an exactly-once marker shows 0, one behind a record 1; ingest's throughput
 * while records are written.
 */
@WallClock
class StatusIT {

    @TempDir
    Path work;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Map<String, JsonNode> status(String dataDir) throws Exception {
        CliRun run = CliRun.of("--data-dir", dataDir, "status", "--json", "--interval", "1");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, JsonNode> stages = new java.util.LinkedHashMap<>();
        for (String line : run.out().strip().split("\n")) {
            JsonNode stage = JSON.readTree(line);
            stages.put(stage.get("stage").asText(), stage);
        }
        return stages;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.MEDIA_PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Commits for {@code group} the end of each partition of {@code topic}, minus {@code behind} where it holds anything. */
    private static int commitBehindEnd(Admin admin, String group, String topic, int behind) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        int partitionsBehind = 0;
        for (var e : ends(admin, topic).entrySet()) {
            long at = Math.max(0, e.getValue() - behind);
            partitionsBehind += at < e.getValue() ? 1 : 0;
            offsets.put(e.getKey(), new OffsetAndMetadata(at));
        }
        admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        return partitionsBehind;
    }

    @Test
    void eachStageShowsItsLagInRecordsNotYetConsumedAndIngestItsThroughput() throws Exception {
        String dataDir = work.resolve("data").toString();
        CliRun captions = CliRun.of("--data-dir", dataDir, "captions", Fixtures.media("audio-only.ogg").toString(),
                "-o", work.resolve("audio.vtt").toString());
        assertEquals(0, captions.exitCode(), captions.err());

        Map<String, JsonNode> caughtUp = status(dataDir);
        JsonNode captioning = caughtUp.get("captioning");
        assertEquals("mmstream-captions", captioning.get("group").asText());
        assertEquals("[\"mm.audio\"]", captioning.get("topics").toString());
        assertEquals(0, captioning.get("lag").asLong(), captioning.toString());
        assertTrue(captioning.get("idle").asBoolean(), captioning.toString());
        assertEquals(0, captioning.get("members").asInt(), "captions has ended and left the group: " + captioning);
        assertEquals(List.of("ingest", "captioning", "live-captioning", "clips", "tokens", "sequences", "embeddings", "index"),
                List.copyOf(caughtUp.keySet()), "one line per stage, in the order records flow");

        int written = 7;
        int videosBehind;
        int transcriptsBehind;
        try (KafkaCluster cluster = KafkaCluster.open(null, Path.of(dataDir).toAbsolutePath());
                Admin admin = cluster.admin();
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerConfig("status-it", "lz4", 1 << 20))) {
            long audioBefore = ends(admin, Topics.AUDIO.name()).values().stream().mapToLong(Long::longValue).sum();
            for (int i = 0; i < written; i++) {
                producer.send(new ProducerRecord<>(Topics.AUDIO.name(), ("status-it-" + i).getBytes(StandardCharsets.UTF_8), new byte[16]));
            }
            producer.flush();
            // the captioning application writes transcripts in transactions: each partition's last offset is a
            // commit marker, so a group one offset behind has read everything
            transcriptsBehind = commitBehindEnd(admin, "mmstream-sequences", Topics.TRANSCRIPTS.name(), 1);
            commitBehindEnd(admin, "mmstream-sequences", Topics.VISUAL_TOKENS.name(), 0);
            // mm.videos is written without transactions: one offset behind is one record
            videosBehind = commitBehindEnd(admin, "mmstream-index", Topics.VIDEOS.name(), 1);
            commitBehindEnd(admin, "mmstream-index", Topics.TRANSCRIPTS.name(), 1);
            commitBehindEnd(admin, "mmstream-index", Topics.CLIPS.name(), 0);
            assertTrue(transcriptsBehind > 0 && videosBehind > 0, "captions wrote transcripts and a video record");

            Map<String, JsonNode> behind = status(dataDir);
            assertEquals(written, behind.get("captioning").get("lag").asLong(), behind.get("captioning").toString());
            assertEquals(written, behind.get("captioning").get("lag_by_topic").get("mm.audio").asLong());
            JsonNode live = behind.get("live-captioning");
            assertEquals(audioBefore + written, live.get("lag").asLong(), "a group that never ran has all of mm.audio to read: " + live);
            assertEquals("none", live.get("state").asText());
            assertEquals(0, behind.get("sequences").get("lag").asLong(), "a trailing marker is not lag: " + behind.get("sequences"));
            assertEquals(videosBehind, behind.get("index").get("lag").asLong(), behind.get("index").toString());
            assertEquals(videosBehind, behind.get("index").get("lag_by_topic").get("mm.videos").asLong());

            // while records are written, ingest's throughput shows them
            CompletableFuture<Map<String, JsonNode>> during = CompletableFuture.supplyAsync(() -> {
                try {
                    return status(dataDir);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int more = 0;
            while (!during.isDone()) {
                producer.send(new ProducerRecord<>(Topics.AUDIO.name(), ("status-it-more-" + more++).getBytes(StandardCharsets.UTF_8), new byte[16]));
                producer.flush();
                Thread.sleep(20);
            }
            JsonNode ingest = during.get().get("ingest");
            assertFalse(ingest.get("idle").asBoolean(), ingest.toString());
            assertTrue(ingest.get("records_per_s").asDouble() > 0, ingest.toString());
            assertTrue(during.get().get("captioning").get("lag").asLong() >= written, during.get().get("captioning").toString());
        }
    }

    /**
     * `ingest --no-processing` whose only worker stops while it waits: it gives up once no worker has run
     * for 30 s, saying that what it wrote stays on the topics (it would otherwise wait for ever).
     */
    @Test
    void ingestWithoutProcessingGivesUpOnceNoWorkerHasRunFor30Seconds() throws Exception {
        Path data = work.resolve("workerless");
        Path logs = work.resolve("logs");
        // ten minutes of noise: more than the worker gets through before it is stopped
        Path noise = work.resolve("noise.wav");
        Process made = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anoisesrc=d=600:c=pink:r=16000",
                "-ac", "1", noise.toString()).redirectErrorStream(true).start();
        assertEquals(0, made.waitFor(), new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        CliProcess worker = CliProcess.start(logs, "worker", "--data-dir", data.toString(), "worker");
        CliProcess ingest = null;
        try {
            worker.awaitOutput("worker: running", java.time.Duration.ofSeconds(120));
            ingest = CliProcess.start(logs, "ingest", "--data-dir", data.toString(), "ingest", "--no-processing", "--no-progress",
                    noise.toString());
            try (KafkaCluster cluster = KafkaCluster.open(null, data, "test"); Admin admin = cluster.admin()) {
                OffsetWatch offsets = new OffsetWatch(admin);
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
                while (offsets.endOffsets(Topics.AUDIO.name()) == 0) {
                    assertTrue(System.nanoTime() < deadline && ingest.isAlive(), "no audio written:\n" + ingest.err());
                    Thread.sleep(200);
                }
            }
            long stopped = System.nanoTime();
            worker.stop(java.time.Duration.ofSeconds(60));
            assertEquals(1, ingest.await(java.time.Duration.ofSeconds(150)), ingest.err());
            double took = (System.nanoTime() - stopped) / 1e9;
            assertTrue(ingest.err().contains("no worker has been running for 30 s: what was ingested stays on the topics"),
                    ingest.err());
            // 30 s from the last look that saw the worker (looks come every 5 s), plus the group forgetting it (at most its 10 s session)
            assertTrue(took >= 25 && took < 60, "gave up " + took + " s after the worker stopped");
        } finally {
            if (ingest != null && ingest.isAlive()) {
                ingest.kill();
            }
            if (worker.isAlive()) {
                worker.kill();
            }
        }
    }

    /** `ingest --no-processing` leaves the work to workers, so with none on the cluster it refuses to start, saying so. */
    @Test
    void ingestWithoutProcessingRefusesToStartWithoutAWorker() {
        CliRun run = CliRun.of("--data-dir", work.resolve("alone").toString(), "ingest", "--no-processing", "--no-progress",
                Fixtures.sample("dashwood.mp4").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("no worker is running") && run.err().contains("start `mmstream worker` first"), run.err());
    }
}
