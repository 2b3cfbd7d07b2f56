package io.mmstream.streams.bench;

import io.mmstream.frames.ClipFeatureExtractors;
import io.mmstream.frames.ClipWindows;
import io.mmstream.streams.clips.ClipTopology;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.StreamsApp;
import io.mmstream.streams.kafka.TopicReplay;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.PixelEncoding;
import io.mmstream.streams.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * Clips per second through the clip topology on the embedded broker: writes {@code VIDEOS} videos of
 * {@code SECONDS} s of 20 fps {@code W x H} frames to {@code mm.frames}, then times the topology
 * (exactly-once, state store and changelog, default features) from start until it has caught up.
 *
 * <p>Usage: {@code ClipThroughput VIDEOS SECONDS W H}; run by bench/clips-throughput.sh.
 */
public final class ClipThroughput {

    private ClipThroughput() {}

    public static void main(String[] args) throws Exception {
        int videos = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int width = Integer.parseInt(args[2]);
        int height = Integer.parseInt(args[3]);
        Path work = Files.createTempDirectory("mmstream-clip-bench");
        try (KafkaCluster cluster = KafkaCluster.open(null, work)) {
            cluster.ensureTopics(Topics.all());
            byte[][] looks = new byte[16][width * height * 3];
            Random random = new Random(1);
            for (byte[] look : looks) {
                random.nextBytes(look);
            }
            int framesPerVideo = seconds * 20;
            try (RecordSender sender = new RecordSender(cluster.producerConfig("bench", "lz4", Topics.FRAME_MAX_MESSAGE_BYTES))) {
                for (int v = 0; v < videos; v++) {
                    for (int n = 0; n <= framesPerVideo; n++) {
                        boolean last = n == framesPerVideo;
                        sender.send(Topics.FRAMES, "video-" + v, Frame.newBuilder().setVideoId("video-" + v).setIndex(n)
                                .setPtsUs(n * 50_000L).setWidth(last ? 0 : width).setHeight(last ? 0 : height)
                                .setEncoding(PixelEncoding.RGB24)
                                .setPixels(ByteBuffer.wrap(last ? new byte[0] : looks[(n / 7 + v) % looks.length]))
                                .setLast(last).build());
                    }
                }
                sender.flush();
            }
            long frames = (long) videos * framesPerVideo;
            long expected = (long) videos * ((framesPerVideo + 29) / 30);
            StreamsBuilder builder = new StreamsBuilder();
            ClipTopology.buildTopology(builder, ClipWindows.videoBert(), 2_000_000,
                    () -> ClipFeatureExtractors.create(ClipFeatureExtractors.DEFAULT));
            long start = System.nanoTime();
            try (StreamsApp app = StreamsApp.start("clip grouping", builder.build(),
                    ClipTopology.streamsConfig(cluster.bootstrapServers(), work.resolve("state"), "exactly_once_v2"),
                    Duration.ofSeconds(60));
                    var admin = cluster.admin()) {
                app.awaitCaughtUp(admin, Topics.FRAMES.name(), Duration.ofMinutes(30));
            }
            double s = (System.nanoTime() - start) / 1e9;
            // the clips counted are those on mm.clips (committed), each video's indices 0..n-1 once
            java.util.Map<String, java.util.Set<Long>> indices = new java.util.HashMap<>();
            long[] records = new long[1];
            TopicReplay.replay(cluster, Topics.CLIPS, (key, clip) -> {
                if (!clip.getLast()) {
                    records[0]++;
                    indices.computeIfAbsent(clip.getVideoId(), v -> new java.util.HashSet<>()).add(clip.getIndex());
                }
            });
            long clips = records[0];
            boolean exact = indices.size() == videos && indices.values().stream()
                    .allMatch(set -> set.stream().mapToLong(Long::longValue).max().orElse(-1) == set.size() - 1)
                    && indices.values().stream().mapToLong(java.util.Set::size).sum() == clips;
            System.out.printf(Locale.ROOT, "videos=%d frames=%d (%dx%d) clips=%d (read back from mm.clips; windows expected %d;"
                    + " indices 0..n-1 once per video: %s) seconds=%.1f clips_per_s=%.1f frames_per_s=%.0f realtime_x=%.1f%n",
                    videos, frames, width, height, clips, expected, exact ? "yes" : "NO", s, clips / s, frames / s,
                    (double) videos * seconds / s);
            if (!exact || clips != expected) {
                throw new IllegalStateException("mm.clips holds " + clips + " clips, " + expected + " expected");
            }
        } finally {
            // the broker process of this throw-away data dir is not needed after the bench
            io.mmstream.streams.kafka.LocalBroker.stop(work, Duration.ofSeconds(60));
        }
    }
}
