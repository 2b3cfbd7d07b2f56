package io.mmstream.models.videobert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pretraining runs that checkpoint, stop, resume and finish, with real DJL steps on a tiny model. */
class PretrainingRunIT {

    private static final VideoBertVocabulary VOCABULARY = new VideoBertVocabulary(30_522, 144);

    @TempDir
    Path work;

    private static PretrainingCorpus corpus() {
        PretrainingCorpus corpus = new PretrainingCorpus(VOCABULARY, 64);
        Random random = new Random(1);
        for (int v = 0; v < 6; v++) {
            for (int s = 0; s < 10; s++) {
                int[] text = random.ints(8, 2000, 2100).toArray();
                int[] visual = random.ints(6, v * 24, v * 24 + 24).toArray();
                corpus.add(new PretrainingCorpus.Entry("video-" + v, s % 3 == 0 ? new int[0] : text, s % 4 == 0 ? new int[0] : visual));
            }
        }
        return corpus;
    }

    @Test
    void aStoppedRunResumesFromItsCheckpointAndFinishes() throws Exception {
        Path folder = work.resolve("run");
        PretrainingRun.Settings settings = new PretrainingRun.Settings("tiny", 30, 8, 1e-3f, 5, 42, 10);
        AtomicInteger stepped = new AtomicInteger();
        try (PretrainingRun run = PretrainingRun.start(folder, VOCABULARY, settings, null)) {
            boolean done = run.train(corpus(), r -> stepped.incrementAndGet(), () -> stepped.get() >= 15);
            assertFalse(done, "stopped at step 15");
        }
        Properties state = PretrainingRun.describe(folder);
        assertEquals("running", state.getProperty("state"));
        assertEquals("15", state.getProperty("step"));
        assertTrue(Files.isDirectory(folder.resolve("checkpoint-000015")));
        assertFalse(Files.exists(folder.resolve("checkpoint-000010")), "older checkpoints are dropped");

        try (PretrainingRun run = PretrainingRun.resume(folder, VOCABULARY)) {
            assertEquals(15, run.step());
            assertTrue(run.train(corpus(), r -> stepped.incrementAndGet(), () -> false));
        }
        assertEquals(30, stepped.get());
        assertEquals("done", PretrainingRun.describe(folder).getProperty("state"));
        List<String> loss = Files.readAllLines(folder.resolve("loss.tsv"));
        assertEquals(31, loss.size(), "a header and one line per step, none twice");
        for (int i = 1; i <= 30; i++) {
            assertTrue(loss.get(i).startsWith(i + "\t"), loss.get(i));
        }
        try (VideoBert trained = VideoBert.load(folder.resolve("model"))) {
            assertEquals(VideoBertConfig.tiny(), trained.config());
        }
    }

    @Test
    void aDivergingRunStopsNamingTheStepAndKeepsItsLastCheckpoint() throws Exception {
        Path folder = work.resolve("run");
        PretrainingRun.Settings settings = new PretrainingRun.Settings("tiny", 200, 8, 1e5f, 0, 7, 2);
        try (PretrainingRun run = PretrainingRun.start(folder, VOCABULARY, settings, null)) {
            VideoBertTrainer.DivergedException e = assertThrows(VideoBertTrainer.DivergedException.class,
                    () -> run.train(corpus(), r -> {}, () -> false));
            assertTrue(e.getMessage().matches("loss \\S+ at step (\\d+) \\(batch of 8 segments, \\d+ tokens\\); training stopped,"
                    + " the checkpoint at step \\d+ is kept"), e.getMessage());
        }
        String checkpoint = PretrainingRun.describe(folder).getProperty("checkpoint");
        if (!checkpoint.isEmpty()) {
            try (VideoBert kept = VideoBert.load(folder.resolve(checkpoint))) {
                assertEquals(VideoBertConfig.tiny(), kept.config());
            }
        }
    }

    @Test
    void aCheckpointOfAnotherCodebookIsRefused() throws Exception {
        Path folder = work.resolve("run");
        try (PretrainingRun run = PretrainingRun.start(folder, VOCABULARY, new PretrainingRun.Settings("tiny", 4, 4, 1e-3f, 0, 1, 2), null)) {
            run.train(corpus(), r -> {}, () -> run.step() >= 2);
        }
        Exception e = assertThrows(ai.djl.MalformedModelException.class,
                () -> PretrainingRun.resume(folder, new VideoBertVocabulary(30_522, 20_736)));
        assertTrue(e.getMessage().contains("the current codebook makes"), e.getMessage());
    }
}
