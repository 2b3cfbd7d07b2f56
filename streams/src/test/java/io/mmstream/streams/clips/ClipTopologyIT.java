package io.mmstream.streams.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clip grouping on a real broker with exactly-once processing, stopped cleanly in the middle of a clip
 * and restarted with its local state deleted: the held frames come back from the changelog, and every
 * clip comes out once. This shows the state restore; a crash (SIGKILL mid-transaction) is not tested here.
 */
class ClipTopologyIT {

    @TempDir
    Path work;

    private static Frame frame(int n, boolean last) {
        byte[] rgb = last ? new byte[0] : new byte[16 * 9 * 3];
        java.util.Arrays.fill(rgb, (byte) n);
        return Frame.newBuilder().setVideoId("v").setIndex(n).setPtsUs(n * 50_000L).setWidth(last ? 0 : 16)
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
