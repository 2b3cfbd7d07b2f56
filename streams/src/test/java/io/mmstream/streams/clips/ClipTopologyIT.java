package io.mmstream.streams.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.frames.ClipWindows;
import io.mmstream.frames.ColorMotionFeatures;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.PixelEncoding;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clip grouping on a real broker with exactly-once processing: stopped cleanly in the middle of a clip
 * and restarted with its local state deleted (the held frames come back from the changelog), and an
 * instance in a JVM of its own killed with SIGKILL in the middle of a library, then started again.
 * Either way every clip comes out once.
 */
class ClipTopologyIT {

    @TempDir
    Path work;

    private static Frame frame(int n, boolean last) {
        return frame("v", n, last);
    }

    private static Frame frame(String video, int n, boolean last) {
        byte[] rgb = last ? new byte[0] : new byte[16 * 9 * 3];
        java.util.Arrays.fill(rgb, (byte) n);
        return Frame.newBuilder().setVideoId(video).setIndex(n).setPtsUs(n * 50_000L).setWidth(last ? 0 : 16)
                .setHeight(last ? 0 : 9).setEncoding(PixelEncoding.RGB24).setPixels(ByteBuffer.wrap(rgb)).setLast(last).build();
    }

    private KafkaStreams start(KafkaCluster cluster, Path stateDir) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        ClipTopology.buildTopology(builder, ClipWindows.videoBert(), 0, ColorMotionFeatures::new);
        KafkaStreams streams = new KafkaStreams(builder.build(),
                ClipTopology.streamsConfig(cluster.bootstrapServers(), stateDir, "exactly_once_v2"));
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return streams;
    }

    private static List<Clip> awaitClips(KafkaCluster cluster, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Clip> clips = List.of();
        while (clips.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(300);
            clips = TopicReader.readAll(cluster, Topics.CLIPS).stream().map(ConsumerRecord::value)
                    .filter(c -> !c.getLast())
                    .sorted(Comparator.comparingLong(Clip::getIndex)).toList();
        }
        return clips;
    }

    @Test
    void anInstanceKilledMidLibraryThenRestartedNeitherLosesNorRepeatsClips() throws Exception {
        Path stateDir = work.resolve("state");
        int framesPerVideo = 600; // 20 clips of 30 frames each
        List<String> videos = List.of("video-a", "video-b");
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("broker"));
                RecordSender sender = new RecordSender(cluster.producerConfig("test", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES))) {
            cluster.ensureTopics(Topics.all());
            for (String video : videos) {
                for (int n = 0; n <= framesPerVideo; n++) {
                    sender.send(Topics.FRAMES, video, frame(video, n, n == framesPerVideo));
                }
            }
            sender.flush();

            Process first = startInstance(cluster, stateDir, "first");
            int committed = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while ((committed = committedClips(cluster).size()) < 8 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, a transaction left open
            first.waitFor();
            assertTrue(committed >= 8 && committed < 2 * 20, "killed in the middle: " + committed + " of 40 clips committed\n"
                    + Files.readString(work.resolve("first.err")));

            Process second = startInstance(cluster, stateDir, "second");
            try {
                deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (committedEnds(cluster) < videos.size() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                Thread.sleep(1500); // anything repeated would arrive by now
                List<Clip> clips = committedClips(cluster);
                for (String video : videos) {
                    List<Long> indices = clips.stream().filter(c -> c.getVideoId().equals(video)).map(Clip::getIndex).sorted().toList();
                    assertEquals(LongStream.range(0, 20).boxed().toList(), indices, video + ": clips 0..19 once each\n"
                            + Files.readString(work.resolve("second.err")));
                }
                assertEquals(List.of(30), clips.stream().map(Clip::getFrameCount).distinct().toList(),
                        "every clip has all its frames, those held across the crash too");
                // frames read again after the crash are not taken for late ones either
                assertEquals(List.of(), TopicReader.readAll(cluster, Topics.DLQ).stream().map(r -> r.value().getReason()).toList());
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
        }
    }

    /** Starts {@link ClipInstanceMain} in a JVM of its own, its output in {@code NAME.out} and {@code NAME.err}. */
    private Process startInstance(KafkaCluster cluster, Path stateDir, String name) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ClipInstanceMain.class.getName(),
                cluster.bootstrapServers(), stateDir.toString())
                .redirectOutput(work.resolve(name + ".out").toFile()).redirectError(work.resolve(name + ".err").toFile()).start();
    }

    /** The clips on mm.clips in committed transactions (end markers left out). */
    private static List<Clip> committedClips(KafkaCluster cluster) {
        return TopicReader.readAll(cluster, Topics.CLIPS).stream().map(ConsumerRecord::value).filter(c -> !c.getLast()).toList();
    }

    private static long committedEnds(KafkaCluster cluster) {
        return TopicReader.readAll(cluster, Topics.CLIPS).stream().map(ConsumerRecord::value).filter(Clip::getLast).count();
    }

    @Test
    void aCleanStopThenLostLocalStateNeitherLosesNorRepeatsClips() throws Exception {
        Path stateDir = work.resolve("state");
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("broker"));
                RecordSender sender = new RecordSender(cluster.producerConfig("test", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES))) {
            cluster.ensureTopics(Topics.all());
            KafkaStreams first = start(cluster, stateDir);
            for (int n = 0; n < 45; n++) {
                sender.send(Topics.FRAMES, "v", frame(n, false));
            }
            sender.flush();
            assertEquals(1, awaitClips(cluster, 1).size());
            first.close(Duration.ofSeconds(30));
            try (var files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }

            KafkaStreams second = start(cluster, stateDir);
            for (int n = 45; n < 70; n++) {
                sender.send(Topics.FRAMES, "v", frame(n, false));
            }
            sender.send(Topics.FRAMES, "v", frame(70, true));
            sender.flush();
            List<Clip> clips = awaitClips(cluster, 3);
            Thread.sleep(1500); // anything repeated would arrive by now
            clips = awaitClips(cluster, 3);
            second.close(Duration.ofSeconds(30));
            assertEquals(List.of(0L, 1L, 2L), clips.stream().map(Clip::getIndex).toList());
            assertEquals(List.of(30, 30, 10), clips.stream().map(Clip::getFrameCount).toList());
        }
    }
}
