package io.mmstream.streams.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.index.Moment;
import io.mmstream.index.MomentIndex;
import io.mmstream.index.MomentSearch;
import io.mmstream.index.SearchRequest;
import io.mmstream.index.text.MiniLmEncoder;
import io.mmstream.index.text.TextEncoder;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.RecordSender;
import io.mmstream.streams.kafka.StreamsApp;
import io.mmstream.models.clip.ClipModel;
import io.mmstream.models.clip.ClipSpace;
import io.mmstream.models.clip.DualEncoderConfig;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.TimedWord;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index as a Kafka Streams application on a real broker, with the real sentence encoder:
 * videos become searchable once their transcripts end, by words and by meaning; a tombstone removes
 * a video; an index whose folder is lost, or damaged, is rebuilt from its changelog; a CLIP model made
 * current while it runs takes the clips into its space, once.
 */
class IndexTopologyIT {

    @TempDir
    Path work;

    private static TextEncoder encoder;

    // content ids, as the library's videos have (other videos are not indexed)
    private static final String COOK = "c00c000000000001";
    private static final String GARDEN = "9a4d000000000002";
    private static final String HALF = "4a1f000000000003";

    private StreamsApp start(KafkaCluster cluster, Path state) throws InterruptedException {
        return start(cluster, state, () -> null);
    }

    private StreamsApp start(KafkaCluster cluster, Path state, java.util.function.Supplier<ClipSpace> spaces) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        IndexTopology.buildTopology(builder, () -> encoder, spaces);
        return StreamsApp.start("indexing", builder.build(),
                IndexTopology.streamsConfig(cluster.bootstrapServers(), state, "exactly_once_v2", null), Duration.ofSeconds(90));
    }

    private static List<Moment> search(StreamsApp app, String text, SearchRequest.Ranking ranking) throws InterruptedException {
        return search(app, text, ranking, null);
    }

    private static List<Moment> search(StreamsApp app, String text, SearchRequest.Ranking ranking, io.mmstream.index.SharedSpace space)
            throws InterruptedException {
        LocalMoments local = app.store(IndexTopology.STORE, LocalMoments.storeType());
        List<MomentIndex.Snapshot> snapshots = new ArrayList<>();
        try {
            local.indexes().forEach(i -> {
                i.refresh();
                snapshots.add(i.snapshot());
            });
            return new MomentSearch(encoder, space).search(snapshots.stream().map(MomentIndex.Snapshot::reader).toList(),
                    new SearchRequest(text, null, null, 5, ranking));
        } finally {
            snapshots.forEach(MomentIndex.Snapshot::close);
        }
    }

    /**
     * A search of a store that may still be restoring (Kafka Streams is running while its tasks restore):
     * the first answer that finds something, within 30 s, else the last (empty) one.
     */
    private static List<Moment> searchOnceRestored(StreamsApp app, String text, SearchRequest.Ranking ranking) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Moment> found = search(app, text, ranking);
        while (found.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(200);
            found = search(app, text, ranking);
        }
        return found;
    }

    private static Transcript utterance(String video, double startS, String text) {
        List<TimedWord> words = new ArrayList<>();
        long t = (long) (startS * 1e6);
        for (String w : text.split(" ")) {
            words.add(new TimedWord(w, t, t + 300_000, 0.9f));
            t += 300_000;
        }
        return Transcript.newBuilder().setVideoId(video).setStartUs((long) (startS * 1e6)).setEndUs(t).setText(text).setWords(words)
                .setIsFinal(true).setEndOfStream(false).build();
    }

    private static Transcript end(String video) {
        return Transcript.newBuilder().setVideoId(video).setStartUs(60_000_000).setEndUs(60_000_000).setText("").setWords(List.of())
                .setIsFinal(true).setEndOfStream(true).build();
    }

    private static Video video(String id, String path) {
        return Video.newBuilder().setVideoId(id).setUri(path).setKind(SourceKind.FILE).setFormat("mp4").setDurationUs(60_000_000)
                .setOpenedAtMs(0).build();
    }

    private static void awaitIndexed(KafkaCluster cluster, StreamsApp app) throws InterruptedException {
        try (var admin = cluster.admin()) {
            app.awaitCaughtUp(admin, Topics.TRANSCRIPTS.name(), Duration.ofSeconds(60));
            app.awaitCaughtUp(admin, Topics.VIDEOS.name(), Duration.ofSeconds(60));
        }
    }

    @Test
    void videosAreFoundByWordsAndMeaningRemovedByTombstonesAndRebuiltFromKafka() throws Exception {
        encoder = MiniLmEncoder.load(work.resolve("cache"));
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("data"));
                RecordSender sender = new RecordSender(cluster.producerConfig("test", "zstd", 1024 * 1024))) {
            cluster.ensureTopics(Topics.all());
            sender.send(Topics.VIDEOS, COOK, video(COOK, "/lib/cooking.mp4"));
            sender.send(Topics.TRANSCRIPTS, COOK, utterance(COOK, 3, "first we chop the onions finely"));
            sender.send(Topics.TRANSCRIPTS, COOK, utterance(COOK, 20, "then fry them in butter until golden"));
            sender.send(Topics.TRANSCRIPTS, COOK, end(COOK));
            sender.send(Topics.VIDEOS, GARDEN, video(GARDEN, "/lib/garden.mp4"));
            sender.send(Topics.TRANSCRIPTS, GARDEN, utterance(GARDEN, 5, "plant the tulip bulbs before winter"));
            sender.send(Topics.TRANSCRIPTS, GARDEN, end(GARDEN));
            sender.send(Topics.VIDEOS, HALF, video(HALF, "/lib/half.mp4"));
            sender.send(Topics.TRANSCRIPTS, HALF, utterance(HALF, 1, "onions again but this video is not done"));
            sender.flush();

            Path state = work.resolve("state");
            StreamsApp app = start(cluster, state);
            awaitIndexed(cluster, app);
            List<Moment> byWords = search(app, "fry in butter", SearchRequest.Ranking.KEYWORD);
            assertEquals(COOK, byWords.get(0).video());
            assertEquals("/lib/cooking.mp4", byWords.get(0).path());
            assertEquals(20_300_000, byWords.get(0).startUs(), "from the first matched word");
            List<Moment> byMeaning = search(app, "gardening in autumn with flowers", SearchRequest.Ranking.MEANING);
            assertEquals(GARDEN, byMeaning.get(0).video(), "no shared word, same meaning");
            assertTrue(search(app, "onions", SearchRequest.Ranking.KEYWORD).stream().noneMatch(m -> m.video().equals(HALF)),
                    "a video whose transcripts have not ended is not shown");

            sender.send(Topics.VIDEOS, GARDEN, null);
            sender.flush();
            awaitIndexed(cluster, app);
            assertTrue(search(app, "tulip bulbs", SearchRequest.Ranking.KEYWORD).isEmpty(), "the tombstone removed the video");
            app.close();

            // the index folders are lost: restored from the changelog
            deleteTree(state);
            app = start(cluster, state);
            assertEquals(COOK, searchOnceRestored(app, "chop onions", SearchRequest.Ranking.FUSED).get(0).video());
            assertTrue(search(app, "tulip bulbs", SearchRequest.Ranking.KEYWORD).isEmpty());
            app.close();

            // a damaged index: its files overwritten with garbage
            try (var files = Files.walk(state)) {
                for (Path f : files.filter(p -> p.toString().contains(IndexTopology.STORE) && Files.isRegularFile(p)).toList()) {
                    Files.write(f, new byte[] {1, 2, 3, 4});
                }
            }
            app = start(cluster, state);
            assertEquals(COOK, searchOnceRestored(app, "fry in butter", SearchRequest.Ranking.KEYWORD).get(0).video(), "rebuilt, not trusted");
            app.close();
        } finally {
            encoder.close();
        }
    }

    @Test
    void aNewClipModelTakesTheIndexedClipsIntoItsSpaceWhileRunningAndOnceOnly() throws Exception {
        encoder = MiniLmEncoder.load(work.resolve("cache"));
        java.util.concurrent.atomic.AtomicReference<ClipSpace> current = new java.util.concurrent.atomic.AtomicReference<>();
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        try (KafkaCluster cluster = KafkaCluster.open(null, work.resolve("data"));
                RecordSender sender = new RecordSender(cluster.producerConfig("test", "zstd", 1024 * 1024))) {
            cluster.ensureTopics(Topics.all());
            sender.send(Topics.VIDEOS, COOK, video(COOK, "/lib/cooking.mp4"));
            for (int i = 0; i < 3; i++) {
                float[] features = new float[8];
                features[i] = 1;
                sender.send(Topics.CLIPS, COOK, Clip.newBuilder().setVideoId(COOK).setIndex(i).setStartUs(i * 1_500_000L)
                        .setEndUs((i + 1) * 1_500_000L).setFrameCount(30).setExtractor("test-v1").setDimension(8)
                        .setFeatures(FloatVectors.pack(features)).build());
            }
            sender.send(Topics.TRANSCRIPTS, COOK, utterance(COOK, 3, "first we chop the onions finely"));
            sender.send(Topics.TRANSCRIPTS, COOK, end(COOK));
            sender.flush();
            Path state = work.resolve("state");
            StreamsApp app = start(cluster, state, current::get);
            awaitIndexed(cluster, app);

            // a model trained while the index runs: its clips move into its space within seconds
            Path saved = work.resolve("clip-model");
            try (ClipModel model = ClipModel.create(DualEncoderConfig.of(encoder.dimension(), 8, 1), 1)) {
                model.save(saved);
            }
            ClipSpace space = ClipSpace.load(saved, "clip-test-1");
            io.mmstream.index.SharedSpace shared = CurrentClipSpace.forSearch(space);
            System.setErr(new java.io.PrintStream(said, true));
            current.set(space);
            List<Moment> shown = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (shown.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                shown = search(app, "onions", SearchRequest.Ranking.SHOWN, shared);
            }
            assertEquals(COOK, shown.get(0).video(), "the clips are in the new model's space");
            assertTrue(said.toString().contains("3 clips put into the space of clip-test-1"), said.toString());
            app.close();

            // started again with the same model: nothing to move (the task remembers its space)
            said.reset();
            app = start(cluster, state, current::get);
            Thread.sleep(2 * IndexProcessor.SPACE_CHECK.toMillis());
            assertEquals(COOK, search(app, "onions", SearchRequest.Ranking.SHOWN, shared).get(0).video());
            assertTrue(!said.toString().contains("clips put into"), said.toString());
            app.close();
        } finally {
            System.setErr(stderr);
            encoder.close();
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
