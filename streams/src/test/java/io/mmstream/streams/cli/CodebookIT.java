package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.records.Clip;
import io.mmstream.streams.records.FloatVectors;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import io.mmstream.tokenizer.kmeans.ScalarDistance;
import io.mmstream.tokenizer.kmeans.VisualCodebook;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code codebook train} replays the clips that {@code ingest} made and stores a new codebook version. */
class CodebookIT {

    @TempDir
    Path work;

    @Test
    void aCodebookIsTrainedFromIngestedClips() throws Exception {
        Path data = work.resolve("data");
        String dataDir = data.toString();

        CliRun none = CliRun.of("--data-dir", dataDir, "codebook", "train", "--levels", "2", "--branching", "3");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("mm.clips: too few clips to train: 0 for 3 branches"), none.err());

        CliRun ingest = CliRun.of("--data-dir", dataDir, "ingest", "--frame-size", "64",
                Fixtures.sample("dashwood.mp4").toString());
        assertEquals(0, ingest.exitCode(), ingest.err());
        CliRun train = CliRun.of("--data-dir", dataDir, "codebook", "train", "--levels", "2", "--branching", "3", "--seed", "5");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().matches("(?s)codebook cb-\\S+-2x3-s5: 9 visual words \\(2 x 3\\), trained on 20 clips of color-motion-v1 \\(135-d\\).*"),
                train.out());

        CodebookStore store = new CodebookStore(data.resolve("codebooks"));
        VisualCodebook codebook = store.load(store.current(), new ScalarDistance());
        assertEquals("color-motion-v1", codebook.extractor());
        try (KafkaCluster cluster = KafkaCluster.open(null, data)) {
            List<Clip> clips = TopicReader.readAll(cluster, Topics.CLIPS).stream().map(ConsumerRecord::value)
                    .filter(c -> !c.getLast()).toList();
            assertEquals(20, clips.size());
            var announced = TopicReader.readAll(cluster, Topics.CODEBOOKS);
            assertEquals(store.current(), announced.get(announced.size() - 1).value().getVersion(), "announced on mm.codebooks");
            long words = clips.stream().mapToInt(c -> codebook.token(FloatVectors.unpack(c.getFeatures()))).distinct().count();
            assertTrue(words >= 3, "the clips spread over the words: " + words);
        }
        assertEquals(2, CliRun.of("--data-dir", dataDir, "codebook").exitCode(), "a subcommand is required");
        CliRun sampled = CliRun.of("--data-dir", dataDir, "codebook", "train", "--levels", "1", "--branching", "3", "--max-clips", "8");
        assertEquals(0, sampled.exitCode(), sampled.err());
        assertTrue(sampled.out().contains("trained on 8 clips of color-motion-v1 (135-d), a random sample of 20"), sampled.out());
    }
}
