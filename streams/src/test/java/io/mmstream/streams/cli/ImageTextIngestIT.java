package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.imagetext.ShapeImages;
import io.mmstream.streams.imagetext.ImageTextPair;
import io.mmstream.streams.imagetext.ImageTextReplay;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.DeadLetter;
import io.mmstream.streams.records.Frame;
import io.mmstream.streams.records.SourceKind;
import io.mmstream.streams.records.Transcript;
import io.mmstream.streams.records.Video;
import io.mmstream.streams.topics.Topics;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmstream ingest} over the four kinds of image-caption set at once, bad items among good
 * ones: the good pairs become one-frame videos with their captions as transcripts (and a clip each),
 * every bad item gets its stderr line and dead letter, and {@link ImageTextReplay} gives back exactly
 * the good pairs; the same folder ingested again adds no video.
 */
class ImageTextIngestIT {

    @TempDir
    Path work;

    @Test
    void setsOfEveryKindBecomeOneFrameVideosAndTheirBadItemsAreReported() throws Exception {
        Path folder = work.resolve("sets/folder");
        List<ImageTextSetsOnDisk.Written> good = new ArrayList<>();
        Map<String, Integer[]> scaled = new LinkedHashMap<>();
        Map<String, String> bad = new LinkedHashMap<>();

        // a sidecar folder: 96x64 PNGs, scaled to 48x32
        for (var w : ImageTextSetsOnDisk.sidecarFolder(folder, 4, 96, 64, 1)) {
            good.add(w);
            scaled.put(w.location(), new Integer[] {48, 32});
        }
        byte[] png = ShapeImages.encode(ShapeImages.draw(96, 64, Color.RED, "circle", "centre"), "png");
        Files.write(folder.resolve("broken.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(folder.resolve("broken.txt"), "a broken picture");
        Files.write(folder.resolve("lonely.png"), png);
        Files.writeString(folder.resolve("orphan.txt"), "a caption without its picture");
        Files.write(folder.resolve("tiny.png"), ShapeImages.encode(ShapeImages.plain(4, 4, Color.RED), "png"));
        Files.writeString(folder.resolve("tiny.txt"), "a tiny picture");
        bad.put(abs(folder.resolve("broken.png")), "corrupt or truncated png");
        bad.put(abs(folder.resolve("lonely.png")), "image without caption");
        bad.put(abs(folder.resolve("orphan.txt")), "caption without image");
        bad.put(abs(folder.resolve("tiny.png")), "too small: 4x4 px");

        // a JSONL manifest: 64x96 PNGs, scaled to 32x48; an unreachable URL and a line that is not JSON
        Path jsonl = work.resolve("sets/manifest.jsonl");
        for (var w : ImageTextSetsOnDisk.jsonlManifest(work.resolve("sets"), "manifest.jsonl", 3, 64, 96, 2)) {
            good.add(w);
            scaled.put(w.location(), new Integer[] {32, 48});
        }
        Files.writeString(jsonl, "{\"url\": \"http://127.0.0.1:9/x.png\", \"caption\": \"far away\"}\n{\"path\": oops}\n",
                StandardOpenOption.APPEND);
        bad.put("http://127.0.0.1:9/x.png", "cannot fetch: connection refused");
        bad.put(abs(jsonl) + ":5", "not valid JSON");

        // a TSV manifest: 80x60 JPEGs, scaled to 48x36; a picture that is not there
        Path tsv = work.resolve("sets/manifest.tsv");
        for (var w : ImageTextSetsOnDisk.tsvManifest(work.resolve("sets"), "manifest.tsv", 3, 80, 60, 3)) {
            good.add(w);
            scaled.put(w.location(), new Integer[] {48, 36});
        }
        Files.writeString(tsv, "images/missing.jpg\ta missing picture\n", StandardOpenOption.APPEND);
        bad.put(abs(tsv) + ":5", "images/missing.jpg: no such file");

        // a WebDataset shard: 60x80 JPEGs, scaled to 36x48; an image without caption, a caption without image
        Path shard = work.resolve("sets/shard-00000.tar");
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("000010.png", png);
        extra.put("000011.txt", "no picture here".getBytes(StandardCharsets.UTF_8));
        for (var w : ImageTextSetsOnDisk.webDatasetShard(shard, 3, 60, 80, 4, extra)) {
            good.add(w);
            scaled.put(w.location(), new Integer[] {36, 48});
        }
        bad.put(abs(shard) + "#000010", "image without caption");
        bad.put(abs(shard) + "#000011", "caption without image");

        Path data = work.resolve("data");
        long started = System.nanoTime();
        CliRun run = CliRun.of("--data-dir", data.toString(), "ingest", "--timeout", "2", "--frame-size", "48",
                folder.toString(), jsonl.toString(), tsv.toString(), shard.toString());
        assertTrue(System.nanoTime() - started < 90_000_000_000L, "no hang");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        List<String> lines = run.failureLines();
        assertEquals(bad.size(), lines.size(), run.err());
        bad.forEach((location, reason) -> assertTrue(lines.stream().anyMatch(l -> l.startsWith(location + ": ") && l.contains(reason)),
                "a line for " + location + " saying " + reason + "\n" + run.err()));
        assertTrue(run.out().contains(folder + ": 4 image-caption pairs ingested, 4 skipped"), run.out());
        assertTrue(run.out().contains(jsonl + ": 3 image-caption pairs ingested, 2 skipped"), run.out());
        assertTrue(run.out().contains(tsv + ": 3 image-caption pairs ingested, 1 skipped"), run.out());
        assertTrue(run.out().contains(shard + ": 3 image-caption pairs ingested, 2 skipped"), run.out());

        Set<String> ids;
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            Map<String, Video> videos = TopicReader.readAll(cluster, Topics.VIDEOS).stream().map(ConsumerRecord::value)
                    .filter(v -> v.getKind() == SourceKind.IMAGE_SET).collect(Collectors.toMap(Video::getUri, v -> v));
            assertEquals(scaled.keySet(), videos.keySet(), "one video per good pair, named by its location");
            ids = videos.values().stream().map(Video::getVideoId).collect(Collectors.toSet());
            Map<String, List<Frame>> frames = TopicReader.readAll(cluster, Topics.FRAMES).stream().map(ConsumerRecord::value)
                    .collect(Collectors.groupingBy(Frame::getVideoId));
            Map<String, List<Transcript>> transcripts = TopicReader.readAll(cluster, Topics.TRANSCRIPTS).stream()
                    .map(ConsumerRecord::value).collect(Collectors.groupingBy(Transcript::getVideoId));
            Map<String, List<Clip>> clips = TopicReader.readAll(cluster, Topics.CLIPS).stream().map(ConsumerRecord::value)
                    .collect(Collectors.groupingBy(Clip::getVideoId));
            for (ImageTextSetsOnDisk.Written w : good) {
                Video v = videos.get(w.location());
                String id = v.getVideoId();
                assertEquals(w.width(), v.getWidth(), w.location());
                assertEquals(w.height(), v.getHeight(), w.location());
                assertEquals(0, v.getDurationUs());
                List<Frame> f = frames.get(id);
                assertEquals(2, f.size(), w.location() + ": one picture, then the last record");
                assertEquals(0, f.get(0).getIndex());
                assertEquals(scaled.get(w.location())[0], f.get(0).getWidth(), w.location());
                assertEquals(scaled.get(w.location())[1], f.get(0).getHeight(), w.location());
                assertEquals(f.get(0).getWidth() * f.get(0).getHeight() * 3, f.get(0).getPixels().remaining());
                assertTrue(f.get(1).getLast() && f.get(1).getIndex() == 1);
                List<Transcript> t = transcripts.get(id);
                assertEquals(2, t.size(), w.location() + ": the caption, then the end of the stream (and no second end)");
                assertEquals(w.caption(), t.get(0).getText());
                assertTrue(t.get(0).getIsFinal());
                assertEquals(w.caption().split(" ").length, t.get(0).getWords().size());
                assertTrue(t.get(1).getEndOfStream());
                List<Clip> c = clips.get(id);
                assertTrue(c != null && c.stream().anyMatch(x -> !x.getLast() && x.getFrameCount() == 1)
                        && c.stream().anyMatch(Clip::getLast), w.location() + ": a one-frame clip, and the clips' end: " + c);
            }
            List<DeadLetter> dead = TopicReader.readAll(cluster, Topics.DLQ).stream().map(ConsumerRecord::value).toList();
            for (Map.Entry<String, String> e : bad.entrySet()) {
                assertTrue(dead.stream().anyMatch(d -> d.getSource().equals(e.getKey()) && d.getStage().equals("ingest")
                        && d.getReason().contains(e.getValue())), "a dead letter for " + e.getKey());
            }
            assertReplayGivesTheGoodPairs(cluster, good, scaled);
        }

        // the same folder again: the same pairs, the same ids, no new video
        CliRun again = CliRun.of("--data-dir", data.toString(), "ingest", "--frame-size", "48", folder.toString());
        assertEquals(1, again.exitCode(), again.err());
        assertTrue(again.out().contains(folder + ": 4 image-caption pairs ingested, 4 skipped"), again.out());
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            Set<String> after = TopicReader.readAll(cluster, Topics.VIDEOS).stream().map(ConsumerRecord::value)
                    .filter(v -> v.getKind() == SourceKind.IMAGE_SET).map(Video::getVideoId).collect(Collectors.toSet());
            assertEquals(ids, after, "no new video");
            assertReplayGivesTheGoodPairs(cluster, good, scaled);
        }
    }

    private static void assertReplayGivesTheGoodPairs(KafkaCluster cluster, List<ImageTextSetsOnDisk.Written> good,
            Map<String, Integer[]> scaled) {
        ImageTextReplay.Loaded loaded = ImageTextReplay.all(cluster);
        assertEquals(good.size(), loaded.pairs().size(), loaded.result().toString());
        assertEquals(0, loaded.result().missingPicture() + loaded.result().missingCaption(), loaded.result().toString());
        Map<String, ImageTextPair> byUri = loaded.pairs().stream().collect(Collectors.toMap(ImageTextPair::uri, p -> p));
        for (ImageTextSetsOnDisk.Written w : good) {
            ImageTextPair p = byUri.get(w.location());
            assertEquals(w.caption(), p.caption(), w.location());
            assertEquals(scaled.get(w.location())[0], p.picture().width(), w.location());
            assertEquals(scaled.get(w.location())[1], p.picture().height(), w.location());
        }
    }

    private static String abs(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
