package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.artifacts.ArtifactMirror;
import io.mmstream.streams.kafka.KafkaCluster;
import io.mmstream.streams.kafka.TopicReader;
import io.mmstream.streams.lanes.WallClock;
import io.mmstream.streams.records.VisualToken;
import io.mmstream.streams.topics.Topics;
import io.mmstream.tokenizer.kmeans.CodebookStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A codebook trained on one instance reaches another with a data dir of its own through
 * {@code mm.artifacts}: at its start (ingest on B tokenizes with A's codebook) and while it runs (a
 * following mirror takes up a codebook trained later).
 */
@WallClock
class ArtifactsIT {

    @TempDir
    Path work;

    @Test
    void aCodebookTrainedOnOneInstanceIsUsedByAnother() throws Exception {
        Path a = work.resolve("a");
        Path b = work.resolve("b");
        assertEquals(0, CliRun.of("--data-dir", a.toString(), "ingest", "--frame-size", "64",
                Fixtures.sample("dashwood.mp4").toString()).exitCode());
        CliRun train = CliRun.of("--data-dir", a.toString(), "codebook", "train", "--levels", "2", "--branching", "3",
                "--no-backfill");
        assertEquals(0, train.exitCode(), train.err());
        assertFalse(train.err().contains("could not be shared"), train.err());
        CodebookStore storeA = new CodebookStore(a.resolve("codebooks"));
        String version = storeA.current();

        try (KafkaCluster cluster = KafkaCluster.open(null, a)) {
            // B: its own data dir, A's broker
            CliRun ingest = CliRun.of("--bootstrap-servers", cluster.bootstrapServers(), "--data-dir", b.toString(), "ingest",
                    "--frame-size", "64", Fixtures.media("dashwood.webm").toString());
            assertEquals(0, ingest.exitCode(), ingest.err());
            CodebookStore storeB = new CodebookStore(b.resolve("codebooks"));
            assertEquals(version, storeB.current(), "B's CURRENT names A's codebook");
            assertArrayEquals(Files.readAllBytes(storeA.file(version)), Files.readAllBytes(storeB.file(version)));
            Matcher video = Pattern.compile("video (\\S+),").matcher(ingest.out());
            assertTrue(video.find(), ingest.out());
            List<VisualToken> tokens = TopicReader.readAll(cluster, Topics.VISUAL_TOKENS).stream().map(ConsumerRecord::value)
                    .filter(t -> t.getVideoId().equals(video.group(1)) && !t.getLast()).toList();
            assertEquals(20, tokens.size(), "B's clips got their visual words");
            assertTrue(tokens.stream().allMatch(t -> t.getCodebookVersion().equals(version)), "with A's codebook");

            // C follows the topic: a codebook A trains later arrives without a restart
            Path c = work.resolve("c");
            try (ArtifactMirror mirror = new ArtifactMirror(cluster.readerConfig("artifacts-it"), c)) {
                ArtifactMirror.CatchUp caughtUp = mirror.catchUp();
                assertEquals(2, caughtUp.written(), "the codebook and CURRENT: " + caughtUp);
                mirror.follow();
                CliRun again = CliRun.of("--data-dir", a.toString(), "codebook", "train", "--levels", "1", "--branching", "3",
                        "--seed", "7", "--no-backfill");
                assertEquals(0, again.exitCode(), again.err());
                String second = storeA.current();
                assertNotEquals(version, second);
                CodebookStore storeC = new CodebookStore(c.resolve("codebooks"));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!second.equals(storeC.current()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(second, storeC.current(), "the running mirror took up the new CURRENT");
                assertArrayEquals(Files.readAllBytes(storeA.file(second)), Files.readAllBytes(storeC.file(second)));
            }

            // two more: the topic keeps the newest three, the first is withdrawn (tombstones), A keeps its copy
            List<String> versions = new java.util.ArrayList<>(List.of(version, storeA.current()));
            for (String seed : List.of("8", "9")) {
                Thread.sleep(1100); // versions are named to the second
                CliRun more = CliRun.of("--data-dir", a.toString(), "codebook", "train", "--levels", "1", "--branching", "3",
                        "--seed", seed, "--no-backfill");
                assertEquals(0, more.exitCode(), more.err());
                versions.add(storeA.current());
            }
            java.util.Map<String, byte[]> latest = new java.util.HashMap<>();
            TopicReader.readAll(cluster, Topics.ARTIFACTS).forEach(r -> latest.put(r.key(), r.value()));
            for (int i = 0; i < versions.size(); i++) {
                String manifest = "codebooks/" + versions.get(i) + ".mmcb";
                assertTrue(latest.containsKey(manifest) && latest.containsKey(manifest + "#0"), manifest + " was published");
                boolean withdrawn = latest.get(manifest) == null && latest.get(manifest + "#0") == null;
                assertEquals(i == 0, withdrawn, manifest + (i == 0 ? " is withdrawn" : " stays"));
            }
            assertTrue(Files.isRegularFile(storeA.file(version)), "A keeps its copy of the first");
        }
    }
}
