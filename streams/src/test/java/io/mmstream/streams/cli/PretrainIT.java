package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.Embedding;
import io.mmstream.streams.records.ModelAnnouncement;
import io.mmstream.streams.records.Sequence;
import io.mmstream.streams.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VideoBERT end to end through the CLI, on the sample video: segments on mm.sequences once a
 * codebook exists, pretraining by replay, the trained version listed and announced, the library's
 * embeddings on mm.embeddings by replay at once and for what is ingested next, and the zero-shot fill.
 */
class PretrainIT {

    @TempDir
    Path work;

    @Test
    void ingestTrainPretrainEmbedAndFill() throws Exception {
        String data = work.resolve("data").toString();
        String video = Fixtures.sample("dashwood.mp4").toString();

        CliRun noCodebook = CliRun.of("--data-dir", data, "pretrain", "--model", "videobert");
        assertEquals(1, noCodebook.exitCode());
        assertTrue(noCodebook.err().contains("no codebook trained yet"), noCodebook.err());

        // ingest -> codebook train -> pretrain: the codebook's segments come by replay, no video is decoded again
        assertEquals(0, CliRun.of("--data-dir", data, "ingest", "--frame-size", "64", video).exitCode());
        CliRun train = CliRun.of("--data-dir", data, "codebook", "train", "--levels", "2", "--branching", "3");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().matches("(?s).*the library re-derived by replay: 1 videos, 20 clips, 5 sentences -> \\d+ segments.*"),
                train.out());
        List<Sequence> sequences;
        try (KafkaCluster cluster = KafkaCluster.open(null, Path.of(data))) {
            sequences = TopicReader.readAll(cluster, Topics.SEQUENCES).stream().map(ConsumerRecord::value).toList();
        }
        List<Sequence> spoken = sequences.stream().filter(s -> !s.getText().isEmpty()).toList();
        assertTrue(spoken.size() >= 5, "a segment per sentence: " + spoken.size());
        assertTrue(spoken.stream().anyMatch(s -> s.getText().contains("dashwood") && !s.getVisualTokens().isEmpty()
                && !s.getTextTokens().isEmpty()), "sentences come with their visual words and word pieces");
        for (Sequence s : sequences) {
            assertEquals(s.getVisualTokens().size(), s.getClipIndices().size());
        }

        CliRun pretrain = CliRun.of("--data-dir", data, "pretrain", "--model", "videobert", "--size", "tiny", "--steps", "150",
                "--batch", "4", "--learning-rate", "1e-3", "--checkpoint-every", "75", "--no-progress");
        assertEquals(0, pretrain.exitCode(), pretrain.err());
        assertTrue(pretrain.out().contains(" done: loss "), pretrain.out());
        String version = pretrain.out().lines().filter(l -> l.contains(" done: ")).findFirst().orElseThrow()
                .replaceFirst("^pretrain: (\\S+) done: .*$", "$1");
        Path run = Path.of(data, "models", "videobert", version);
        assertTrue(Files.size(run.resolve("loss.png")) > 1000, "a loss curve");
        assertEquals(151, Files.readAllLines(run.resolve("loss.tsv")).size());

        // the library already on the topics is embedded by the new model at once, by replay
        assertTrue(pretrain.out().matches("(?s).*the library re-derived by replay: \\d+ segments -> \\d+ embeddings on mm.embeddings.*"),
                pretrain.out());
        List<Embedding> backfilled;
        try (KafkaCluster cluster = KafkaCluster.open(null, Path.of(data))) {
            backfilled = TopicReader.readAll(cluster, Topics.EMBEDDINGS).stream().map(ConsumerRecord::value).toList();
        }
        assertTrue(backfilled.stream().anyMatch(e -> e.getClipIndex() == null) && backfilled.stream().anyMatch(e -> e.getClipIndex() != null),
                "pooled and per-clip embeddings of the ingested video, before any new ingest: " + backfilled.size());
        assertTrue(backfilled.stream().allMatch(e -> e.getModelVersion().equals(version)));

        // right after pretrain, before any new ingest: the visual words come from the re-derived segments
        CliRun fillByReplay = CliRun.of("--data-dir", data, "models", "fill", "--video", "dashwood.mp4", "--top", "3");
        assertEquals(0, fillByReplay.exitCode(), fillByReplay.err());
        assertTrue(fillByReplay.out().contains("[MASK] 1: ") && fillByReplay.out().contains("[MASK] 2: "), fillByReplay.out());
        // a word of a sentence it was trained on, masked, ranks far above chance (rank ~15,000 of 30,522):
        // 'man' ranks 21st after these 150 steps (5th after 200, 33rd after 120, below 100th after 80)
        CliRun trainedSentence = CliRun.of("--data-dir", data, "models", "fill", "--video", "dashwood.mp4",
                "he was not an ill disposed young [MASK]", "--top", "100");
        assertEquals(0, trainedSentence.exitCode(), trainedSentence.err());
        assertTrue(java.util.Arrays.asList(trainedSentence.out().replaceFirst("(?s).*\\[MASK\\] 1: ", "").split(", "))
                .stream().anyMatch(w -> w.startsWith("man ")), "'man' among the 100 likeliest of 30,522: " + trainedSentence.out());

        CliRun models = CliRun.of("--data-dir", data, "models");
        assertEquals(0, models.exitCode());
        assertTrue(models.out().contains("* " + version), models.out());
        assertTrue(models.out().contains("done    step 150 of 150"), models.out());

        assertEquals(0, CliRun.of("--data-dir", data, "ingest", "--frame-size", "64", video).exitCode());
        List<Embedding> embeddings;
        List<ModelAnnouncement> announced;
        try (KafkaCluster cluster = KafkaCluster.open(null, Path.of(data))) {
            embeddings = TopicReader.readAll(cluster, Topics.EMBEDDINGS).stream().map(ConsumerRecord::value).toList();
            announced = TopicReader.readAll(cluster, Topics.MODELS).stream().map(ConsumerRecord::value).toList();
        }
        assertEquals(version, announced.get(announced.size() - 1).getVersion());
        assertFalse(embeddings.isEmpty());
        assertTrue(embeddings.stream().allMatch(e -> e.getModelVersion().equals(version) && e.getDimension() == 128));
        assertTrue(embeddings.stream().anyMatch(e -> e.getClipIndex() == null), "pooled segment embeddings");
        assertTrue(embeddings.stream().anyMatch(e -> e.getClipIndex() != null), "per-clip embeddings");

        CliRun fill = CliRun.of("--data-dir", data, "models", "fill", "--video", "dashwood.mp4", "--top", "3");
        assertEquals(0, fill.exitCode(), fill.err());
        assertTrue(fill.out().contains("[MASK] 1: ") && fill.out().contains("[MASK] 2: "), fill.out());
    }
}
