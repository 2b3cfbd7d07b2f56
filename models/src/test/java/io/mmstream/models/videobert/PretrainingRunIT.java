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
    void aRunStoppedAndResumedEndsWithTheWeightsAndLossesOfOneNeverStopped() throws Exception {
        PretrainingRun.Settings settings = new PretrainingRun.Settings("tiny", 24, 8, 2e-3f, 5, 42, 100);
        Path whole = work.resolve("whole");
        try (PretrainingRun run = PretrainingRun.start(whole, VOCABULARY, settings, null)) {
            assertTrue(run.train(corpus(), r -> {}, () -> false));
        }
        Path resumed = work.resolve("resumed");
        stopAtThenResume(resumed, settings, 11, false);
        assertSameLosses(losses(whole), losses(resumed), 1e-6);
        assertTrue(maxWeightDifference(whole, resumed) <= 1e-6, "weights differ by " + maxWeightDifference(whole, resumed));

        Path withoutMoments = work.resolve("without-moments");
        stopAtThenResume(withoutMoments, settings, 11, true);
        assertTrue(maxWeightDifference(whole, withoutMoments) > 1e-4,
                "a resume that forgets Adam's moments ends elsewhere, so the comparison above can tell");
    }

    /** Trains in {@code folder} until step {@code k}, resumes there (forgetting Adam's state if asked) and finishes. */
    private static void stopAtThenResume(Path folder, PretrainingRun.Settings settings, int k, boolean forgetMoments) throws Exception {
        try (PretrainingRun run = PretrainingRun.start(folder, VOCABULARY, settings, null)) {
            assertFalse(run.train(corpus(), r -> {}, () -> run.step() >= k));
        }
        Path checkpoint = folder.resolve(PretrainingRun.describe(folder).getProperty("checkpoint"));
        assertTrue(Files.exists(checkpoint.resolve("adam.properties")), "the checkpoint holds Adam's state");
        if (forgetMoments) {
            Files.delete(checkpoint.resolve("adam.properties"));
        }
        try (PretrainingRun run = PretrainingRun.resume(folder, VOCABULARY)) {
            assertEquals(k, run.step());
            assertTrue(run.train(corpus(), r -> {}, () -> false));
        }
    }

    @Test
    void aDivergingRunKeepsTheCheckpointBeforeItAndResumesFromItAsIfNeverStopped() throws Exception {
        Path folder = work.resolve("run");
        PretrainingRun.Settings settings = new PretrainingRun.Settings("tiny", 12, 8, 1e-3f, 2, 7, 2);
        try (PretrainingRun run = PretrainingRun.start(folder, VOCABULARY, settings, null)) {
            VideoBertTrainer.DivergedException e = assertThrows(VideoBertTrainer.DivergedException.class,
                    () -> run.train(corpus(), r -> {
                        if (r.step() == 5) { // the weights blow up after step 5: step 6's loss is NaN
                            run.model().model().getBlock().getParameters().get(0).getValue().getArray().muli(Float.NaN);
                        }
                    }, () -> false));
            assertEquals("loss NaN at step 6 (batch of 8 segments, " + tokensIn(e) + " tokens); training stopped,"
                    + " the checkpoint at step 4 is kept", e.getMessage());
        }
        Properties state = PretrainingRun.describe(folder);
        assertEquals("running", state.getProperty("state"));
        assertEquals("4", state.getProperty("step"));
        assertEquals("checkpoint-000004", state.getProperty("checkpoint"));
        List<String[]> beforeDivergence = losses(folder);
        assertEquals(5, beforeDivergence.size(), "steps 1-5 were recorded");

        try (PretrainingRun run = PretrainingRun.resume(folder, VOCABULARY)) {
            assertEquals(4, run.step());
            assertTrue(run.train(corpus(), r -> {}, () -> false));
        }
        List<String[]> after = losses(folder);
        assertEquals(12, after.size());
        assertSameLosses(beforeDivergence, after.subList(0, 5), 1e-6);
        for (String[] line : after) {
            assertTrue(Float.isFinite(Float.parseFloat(line[1])), "step " + line[0] + " after the resume is finite");
        }
    }

    private static String tokensIn(Exception e) {
        return e.getMessage().replaceAll(".*segments, (\\d+) tokens.*", "$1");
    }

    /** The steps of a run's {@code loss.tsv}: step, masked-token loss, alignment loss. */
    private static List<String[]> losses(Path folder) throws Exception {
        List<String> lines = Files.readAllLines(folder.resolve("loss.tsv"));
        return lines.subList(1, lines.size()).stream().map(l -> l.split("\t")).toList();
    }

    private static void assertSameLosses(List<String[]> expected, List<String[]> actual, double tolerance) {
        assertFalse(expected.isEmpty());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[0], actual.get(i)[0]);
            for (int c = 1; c <= 2; c++) {
                assertEquals(Double.parseDouble(expected.get(i)[c]), Double.parseDouble(actual.get(i)[c]), tolerance,
                        "step " + expected.get(i)[0] + ", column " + c);
            }
        }
    }

    /** The largest difference between any two weights of the models the two runs saved. */
    private static double maxWeightDifference(Path a, Path b) throws Exception {
        try (VideoBert x = VideoBert.load(a.resolve("model")); VideoBert y = VideoBert.load(b.resolve("model"))) {
            var xs = x.model().getBlock().getParameters();
            var ys = y.model().getBlock().getParameters();
            assertEquals(xs.size(), ys.size());
            double max = 0;
            for (int i = 0; i < xs.size(); i++) {
                assertEquals(xs.get(i).getKey(), ys.get(i).getKey());
                max = Math.max(max, xs.get(i).getValue().getArray().sub(ys.get(i).getValue().getArray()).abs().max().getFloat());
            }
            return max;
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
