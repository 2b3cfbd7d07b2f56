package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.models.clip.ClipModel;
import io.mmstream.models.eval.ShapesCaptionSet;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.ModelAnnouncement;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIP of pictures end to end: a generated shapes set ingested, `pretrain --model clip --input images
 * --eval` trained from the pairs replayed from the topics (saved under models/clip-image, made current,
 * announced, evaluated with retrieval and zero-shot lines), `models eval clip-image`, and
 * `models classify` on a picture and on a corrupt file.
 */
class ClipImagePretrainIT {

    @TempDir
    Path work;

    @Test
    void clipTrainsOnIngestedPicturesAndClassifiesThem() throws Exception {
        Path set = work.resolve("shapes");
        List<ShapesCaptionSet.Item> items = ShapesCaptionSet.generate(set, 60, 4, 64);
        Path data = work.resolve("data");
        CliRun ingest = CliRun.of("--data-dir", data.toString(), "ingest", set.toString());
        assertEquals(0, ingest.exitCode(), ingest.out() + ingest.err());

        CliRun run = CliRun.of("--data-dir", data.toString(), "pretrain", "--model", "clip", "--input", "images", "--size", "tiny",
                "--steps", "3", "--batch", "8", "--eval");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("60 image-caption pairs from the topics"), run.out());
        assertTrue(run.out().contains(" done: loss "), run.out());
        assertTrue(run.out().contains("held-out pictures: image->text R@1"), run.out());
        assertTrue(run.out().contains("zero-shot shape of a one-group picture among circle, square, triangle"), run.out());
        assertTrue(run.out().contains("zero-shot colour of a one-group picture among red, green, blue, yellow"), run.out());
        assertTrue(run.out().contains("chance 0.333, majority class"), run.out());
        Path store = data.resolve("models").resolve("clip-image");
        String version = Files.readString(store.resolve("CURRENT")).strip();
        assertTrue(version.startsWith("clip-image-tiny-"), version);
        Path folder = store.resolve(version);
        assertEquals(4, Files.readAllLines(folder.resolve("loss.tsv")).size(), "a header and 3 steps");
        assertTrue(Files.size(folder.resolve("loss.png")) > 0);
        assertTrue(Files.readString(folder.resolve("run.properties")).contains("architecture=clip-image"));
        assertTrue(Files.readString(folder.resolve("eval.txt")).contains("zero-shot shape"));
        try (ClipModel model = ClipModel.load(folder.resolve("model"))) {
            assertTrue(model.isPictures());
        }
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            assertTrue(TopicReader.readAll(cluster, Topics.MODELS).stream().map(ConsumerRecord::value)
                    .anyMatch(a -> a.getArchitecture().equals("clip-image") && a.getVersion().equals(version)));
        }
        CliRun list = CliRun.of("--data-dir", data.toString(), "models");
        assertTrue(list.out().contains("* " + version), list.out());
        CliRun eval = CliRun.of("--data-dir", data.toString(), "models", "eval", "clip-image");
        assertEquals(0, eval.exitCode(), eval.out() + eval.err());
        assertTrue(eval.out().contains("zero-shot colour"), eval.out());

        Path picture = items.get(0).image();
        Path corrupt = work.resolve("corrupt.png");
        byte[] png = Files.readAllBytes(picture);
        Files.write(corrupt, Arrays.copyOf(png, png.length / 3));
        CliRun classify = CliRun.of("--data-dir", data.toString(), "models", "classify", picture.toString(), corrupt.toString(),
                "--labels", "circle,square,triangle");
        assertEquals(1, classify.exitCode(), classify.out() + classify.err());
        String[] lines = classify.out().strip().split("\n");
        assertEquals(1, lines.length, classify.out());
        assertTrue(lines[0].startsWith(picture + ": "), lines[0]);
        double sum = 0;
        for (String ranked : lines[0].substring(picture.toString().length() + 2).split(", ")) {
            sum += Double.parseDouble(ranked.split(" ")[1]);
        }
        assertEquals(1.0, sum, 0.01, "probabilities over the labels: " + lines[0]);
        assertEquals(1, classify.failureLines().size(), classify.err());
        assertTrue(classify.err().startsWith(corrupt + ": "), classify.err());

        CliRun json = CliRun.of("--data-dir", data.toString(), "models", "classify", picture.toString(), "--labels", "red,blue",
                "--prompt", "a {} shape", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertEquals(picture.toString(), node.get("image").asText());
        assertEquals(2, node.get("labels").size());
        assertTrue(node.get("labels").get(0).get("probability").asDouble() >= node.get("labels").get(1).get("probability").asDouble());
    }

    @Test
    void withoutPicturesOrAModelTheCommandsSayWhatToRun() {
        Path empty = work.resolve("empty");
        CliRun pretrain = CliRun.of("--data-dir", empty.toString(), "pretrain", "--model", "clip", "--input", "images", "--size", "tiny");
        assertEquals(1, pretrain.exitCode());
        assertTrue(pretrain.err().contains("CLIP of pictures needs at least 2: ingest an image-text set"), pretrain.err());
        CliRun classify = CliRun.of("--data-dir", empty.toString(), "models", "classify", "x.png", "--labels", "a,b");
        assertEquals(1, classify.exitCode());
        assertTrue(classify.err().contains("no trained clip-image model") && classify.err().contains("pretrain --model clip"),
                classify.err());
        assertEquals(2, CliRun.of("--data-dir", empty.toString(), "pretrain", "--model", "clip", "--input", "pictures").exitCode());
        assertEquals(2, CliRun.of("--data-dir", empty.toString(), "models", "classify", "x.png", "--labels", "a").exitCode());
    }
}
