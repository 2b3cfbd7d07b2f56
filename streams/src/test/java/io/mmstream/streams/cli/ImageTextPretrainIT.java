package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.imagetext.ShapeImages;
import io.mmstream.models.imagetext.ImageTextArchitecture;
import io.mmstream.models.imagetext.ImageTextModel;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.ModelAnnouncement;
import io.mmstream.streams.topics.Topics;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The image-text path end to end: a sidecar folder, a JSONL manifest and a WebDataset shard (bad items
 * among them) ingested, then every single-stream architecture trained a few steps from the pairs
 * replayed from the topics, saved, made current and announced; evaluated on the held-out pairs, and
 * Unified VLP captioning a picture.
 */
class ImageTextPretrainIT {

    @TempDir
    Path work;

    @Test
    void everyArchitectureTrainsFromTheReplayedImageCaptionPairs() throws Exception {
        Path folder = work.resolve("sets/folder");
        ImageTextSetsOnDisk.sidecarFolder(folder, 30, 64, 64, 11);
        byte[] png = ShapeImages.encode(ShapeImages.draw(64, 64, Color.BLUE, "square", "centre"), "png");
        Files.write(folder.resolve("cut.png"), Arrays.copyOf(png, png.length / 3));
        Files.writeString(folder.resolve("cut.txt"), "a cut picture");
        ImageTextSetsOnDisk.jsonlManifest(work.resolve("sets"), "manifest.jsonl", 15, 64, 64, 12);
        Path shard = work.resolve("sets/shard-00000.tar");
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put("000099.txt", "a caption whose picture is missing".getBytes(StandardCharsets.UTF_8));
        ImageTextSetsOnDisk.webDatasetShard(shard, 15, 64, 64, 13, extra);
        // the generated shapes set, whose captions give LXMERT's and 12-in-1's tasks their examples
        Path shapes = work.resolve("sets/shapes");
        io.mmstream.models.eval.ShapesCaptionSet.generate(shapes, 40, 3, 64);
        Path data = work.resolve("data");

        CliRun ingest = CliRun.of("--data-dir", data.toString(), "ingest", "--frame-size", "64", folder.toString(),
                work.resolve("sets/manifest.jsonl").toString(), shard.toString(), shapes.toString());
        assertEquals(1, ingest.exitCode(), ingest.out() + ingest.err());
        assertEquals(2, ingest.failureLines().size(), ingest.err());
        int pairs;
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            // pictures drawn alike with the same caption are one pair: fewer than the 60 written
            pairs = io.mmstream.streams.imagetext.ImageTextReplay.all(cluster).pairs().size();
        }
        assertTrue(pairs > 80, pairs + " pairs");

        for (ImageTextArchitecture a : ImageTextArchitecture.values()) {
            boolean evaluate = a == ImageTextArchitecture.VISUALBERT || a == ImageTextArchitecture.UNIFIED_VLP
                    || !a.objectives().tasks().isEmpty();
            // oscar reads a 2 x 2 grid: regions are an option
            int grid = a == ImageTextArchitecture.OSCAR ? 2 : 3;
            List<String> args = new java.util.ArrayList<>(List.of("--data-dir", data.toString(), "pretrain", "--model", a.id(), "--size",
                    "tiny", "--steps", "3", "--batch", "8", "--grid", Integer.toString(grid)));
            if (evaluate) {
                // each caption is scored against each picture, word by word: four pictures keep the test short
                args.addAll(List.of("--eval", "--eval-pictures", "4"));
            }
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(0, run.exitCode(), a.id() + ": " + run.out() + run.err());
            assertTrue(run.out().contains(pairs + " image-caption pairs from the topics"), run.out());
            assertTrue(run.out().contains(" done: loss "), run.out());
            Path store = data.resolve("models").resolve(a.id());
            String version = Files.readString(store.resolve("CURRENT")).strip();
            assertTrue(Files.size(store.resolve(version).resolve("loss.png")) > 0);
            List<String> losses = Files.readAllLines(store.resolve(version).resolve("loss.tsv"));
            assertEquals(4, losses.size(), "a header and 3 steps");
            for (io.mmstream.models.imagetext.Task task : a.objectives().tasks()) {
                // each task has its loss column from the first step (NaN until the schedule reaches it)
                assertTrue(List.of(losses.get(0).split("\t")).contains(task.loss()), a.id() + " has a " + task.loss() + " column: " + losses.get(0));
            }
            try (ImageTextModel model = ImageTextModel.load(store.resolve(version).resolve("model"))) {
                assertEquals(a, model.architecture());
                assertEquals(1 + grid * grid, model.config().regions());
            }
            if (evaluate) {
                assertTrue(run.out().contains("held-out pictures: image->text R@1"), run.out());
                assertEquals(a.generates(), run.out().contains("BLEU-4"), run.out());
                for (io.mmstream.models.imagetext.Task task : a.objectives().tasks()) {
                    assertTrue(run.out().contains(task.title() + ": accuracy "), task + "\n" + run.out());
                }
            }
        }

        CliRun list = CliRun.of("--data-dir", data.toString(), "models");
        for (ImageTextArchitecture a : ImageTextArchitecture.values()) {
            assertTrue(list.out().contains("* " + a.id() + "-tiny-"), a.id() + " listed as current\n" + list.out());
        }
        CliRun eval = CliRun.of("--data-dir", data.toString(), "models", "eval", "oscar", "--pictures", "4");
        assertEquals(0, eval.exitCode(), eval.out() + eval.err());
        assertTrue(eval.out().contains("held-out pictures: image->text R@1"), eval.out());

        Path picture = work.resolve("picture.png");
        Files.write(picture, png);
        CliRun caption = CliRun.of("--data-dir", data.toString(), "models", "caption", picture.toString(), "--beam", "2");
        assertEquals(0, caption.exitCode(), caption.out() + caption.err());
        assertTrue(caption.out().startsWith(picture + ": "), caption.out());
        CliRun unreadable = CliRun.of("--data-dir", data.toString(), "models", "caption", folder.resolve("cut.png").toString());
        assertEquals(1, unreadable.exitCode());
        assertTrue(unreadable.err().startsWith(folder.resolve("cut.png") + ": "), unreadable.err());

        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            Set<String> announced = TopicReader.readAll(cluster, Topics.MODELS).stream().map(ConsumerRecord::value)
                    .map(ModelAnnouncement::getArchitecture).collect(Collectors.toSet());
            assertEquals(Set.copyOf(ImageTextArchitecture.ids()), announced);
        }
    }

    @Test
    void pretrainWithoutImageCaptionPairsSaysWhatToIngest() {
        CliRun run = CliRun.of("--data-dir", work.resolve("empty").toString(), "pretrain", "--model", "uniter", "--size", "tiny");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("0 image-caption pair(s); uniter needs at least 2: ingest an image-text set"), run.err());
        List<String> unknown = List.of(CliRun.of("--data-dir", work.resolve("empty").toString(), "pretrain", "--model", "lxmert-9000").err());
        assertTrue(unknown.get(0).contains("visualbert, vl-bert, unicoder-vl, uniter, oscar, unified-vlp"), unknown.get(0));
    }
}
