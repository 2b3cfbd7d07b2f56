package io.mmstream.models.videobert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DJL training steps on the PyTorch engine (CPU), on small generated segments and a tiny model. */
class VideoBertIT {

    /** 101 word pieces and 64 visual words: a vocabulary a tiny model learns in seconds. */
    private static final VideoBertVocabulary VOCABULARY = new VideoBertVocabulary(1100, 64);
    private static final VideoBertConfig TINY = new VideoBertConfig(2, 64, 4, 128, 32, 0f);

    @TempDir
    Path work;

    /**
     * Generated "videos" of 4 topics: a topic's sentences use its own word pieces and its clips its
     * own visual words, so text predicts video and the other way round.
     */
    private static Segment topicSegment(int topic, int textTopic, Random random) {
        int[] text = new int[6];
        int[] visual = new int[6];
        for (int i = 0; i < text.length; i++) {
            text[i] = 1000 + textTopic * 25 + random.nextInt(25);
        }
        for (int i = 0; i < visual.length; i++) {
            visual[i] = topic * 16 + random.nextInt(16);
        }
        return new Segment(text, visual);
    }

    private static List<PretrainingExample> batch(int size, Random random, Masking masking) {
        List<PretrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int topic = random.nextInt(4);
            boolean aligned = random.nextBoolean();
            int textTopic = aligned ? topic : (topic + 1 + random.nextInt(3)) % 4;
            examples.add(PretrainingExample.of(topicSegment(topic, textTopic, random), aligned, VOCABULARY, masking, TINY.maxLength(), random));
        }
        return examples;
    }

    @Test
    void theModelOverfitsATinySetItsMaskedLossFallingBelowATenthOfItsStart() {
        Random random = new Random(3);
        List<PretrainingExample> fixed = batch(8, random, Masking.standard(VOCABULARY));
        try (VideoBert model = VideoBert.create(VOCABULARY, TINY, 11);
                VideoBertTrainer trainer = new VideoBertTrainer(model, 3e-3f, 10, 300, 0)) {
            float first = trainer.step(fixed).maskedTokenLoss();
            float last = first;
            for (int i = 1; i < 300; i++) {
                last = trainer.step(fixed).maskedTokenLoss();
            }
            assertTrue(last < 0.1f * first, "masked-token loss " + first + " -> " + last);
            assertEquals(300, trainer.stepsDone());
        }
    }

    @Test
    void theAlignmentHeadTellsTruePairsFromShuffledOnes() {
        Random random = new Random(5);
        Masking masking = Masking.standard(VOCABULARY);
        try (VideoBert model = VideoBert.create(VOCABULARY, TINY, 13);
                VideoBertTrainer trainer = new VideoBertTrainer(model, 2e-3f, 20, 400, 0)) {
            for (int i = 0; i < 400; i++) {
                trainer.step(batch(16, random, masking));
            }
            // fresh pairs, nothing masked: does the head say which belong together?
            int right = 0;
            int total = 0;
            try (NDManager manager = model.model().getNDManager().newSubManager()) {
                for (int n = 0; n < 8; n++) {
                    List<PretrainingExample> test = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        int topic = random.nextInt(4);
                        boolean aligned = i % 2 == 0;
                        int textTopic = aligned ? topic : (topic + 1 + random.nextInt(3)) % 4;
                        Segment.Layout layout = topicSegment(topic, textTopic, random).layout(VOCABULARY, TINY.maxLength());
                        int[] labels = new int[layout.length()];
                        java.util.Arrays.fill(labels, Masking.IGNORED);
                        labels[1] = layout.ids()[1];
                        test.add(new PretrainingExample(layout.ids(), layout.types(), labels, aligned, true));
                    }
                    PretrainingBatch b = PretrainingBatch.of(test, manager);
                    float[] logits = model.forward(b.inputs()).get(2).toFloatArray();
                    for (int i = 0; i < test.size(); i++) {
                        boolean saysAligned = logits[2 * i + 1] > logits[2 * i];
                        right += saysAligned == test.get(i).aligned() ? 1 : 0;
                        total++;
                    }
                }
            }
            double accuracy = right / (double) total;
            assertTrue(accuracy >= 0.9, "alignment accuracy " + accuracy);
        }
    }

    @Test
    void aSavedModelReloadsWithTheSameOutputs() throws Exception {
        Random random = new Random(7);
        List<PretrainingExample> examples = batch(4, random, Masking.standard(VOCABULARY));
        Path folder = work.resolve("model");
        float[] before;
        try (VideoBert model = VideoBert.create(VOCABULARY, TINY, 17);
                VideoBertTrainer trainer = new VideoBertTrainer(model, 1e-3f, 0, 10, 0)) {
            for (int i = 0; i < 5; i++) {
                trainer.step(examples);
            }
            model.save(folder);
            try (NDManager manager = model.model().getNDManager().newSubManager()) {
                NDList out = model.forward(PretrainingBatch.of(examples, manager).inputs());
                before = concat(out);
            }
        }
        try (VideoBert reloaded = VideoBert.load(folder);
                NDManager manager = reloaded.model().getNDManager().newSubManager()) {
            assertEquals(TINY, reloaded.config());
            assertEquals(VOCABULARY, reloaded.vocabulary());
            float[] after = concat(reloaded.forward(PretrainingBatch.of(examples, manager).inputs()));
            assertEquals(before.length, after.length);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], after[i], 1e-5, "output " + i);
            }
        }
    }

    private static float[] concat(NDList outputs) {
        float[] a = outputs.get(0).toFloatArray();
        float[] b = outputs.get(1).toFloatArray();
        float[] c = outputs.get(2).toFloatArray();
        float[] all = new float[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    @Test
    void corruptOrIncompatibleModelsAreRefusedWithTheirReason() throws Exception {
        Path folder = work.resolve("model");
        try (VideoBert model = VideoBert.create(VOCABULARY, TINY, 19)) {
            model.save(folder);
        }
        Path description = folder.resolve("videobert.properties");
        String saved = Files.readString(description);

        Files.writeString(description, saved.replace("format=1", "format=9"));
        MalformedModelException format = assertThrows(MalformedModelException.class, () -> VideoBert.load(folder));
        assertTrue(format.getMessage().contains("model format 9"), format.getMessage());

        Files.writeString(description, saved.replace("hidden=64", "hidden=128").replace("intermediate=128", "intermediate=256"));
        MalformedModelException sizes = assertThrows(MalformedModelException.class, () -> VideoBert.load(folder));
        assertTrue(sizes.getMessage().contains("do not load"), sizes.getMessage());

        Files.writeString(description, saved);
        try (var params = Files.list(folder)) {
            for (Path p : params.filter(f -> f.toString().endsWith(".params")).toList()) {
                Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        MalformedModelException corrupt = assertThrows(MalformedModelException.class, () -> VideoBert.load(folder));
        assertTrue(corrupt.getMessage().contains("is not a DJL parameter file"), corrupt.getMessage());
        assertThrows(MalformedModelException.class, () -> VideoBert.load(work.resolve("nothing-here")));
    }

    @Test
    void anExplodingLossStopsTrainingNamingTheStep() {
        Random random = new Random(23);
        List<PretrainingExample> examples = batch(8, random, Masking.standard(VOCABULARY));
        try (VideoBert model = VideoBert.create(VOCABULARY, TINY, 29);
                VideoBertTrainer trainer = new VideoBertTrainer(model, 1e4f, 0, 100, 0)) {
            VideoBertTrainer.DivergedException e = assertThrows(VideoBertTrainer.DivergedException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    trainer.step(examples);
                }
            });
            assertTrue(e.getMessage().matches("loss \\S+ at step \\d+ \\(batch of 8 segments, \\d+ tokens\\)"), e.getMessage());
        }
    }

    @Test
    void visualWordsCanStartFromTheCodebookCentroids() {
        // centroids as wide as the model: each row must become its centred centroid, scaled
        float[][] centroids = new float[64][TINY.hidden()];
        Random random = new Random(31);
        for (float[] c : centroids) {
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) random.nextGaussian();
            }
        }
        float[] mean = new float[TINY.hidden()];
        for (float[] c : centroids) {
            for (int i = 0; i < c.length; i++) {
                mean[i] += c[i] / centroids.length;
            }
        }
        try (VideoBert model = VideoBert.create(VOCABULARY, TINY, 37)) {
            model.initialiseVisualWords(centroids, 1);
            float[] table = model.model().getBlock().getParameters().stream()
                    .filter(p -> p.getValue().getName().equals("tokens")).findFirst().orElseThrow()
                    .getValue().getArray().toFloatArray();
            for (int w = 0; w < centroids.length; w++) {
                int first = VOCABULARY.visual(w) * TINY.hidden();
                double dot = 0;
                double rowNorm = 0;
                double centroidNorm = 0;
                for (int i = 0; i < TINY.hidden(); i++) {
                    double c = centroids[w][i] - mean[i];
                    dot += table[first + i] * c;
                    rowNorm += table[first + i] * table[first + i];
                    centroidNorm += c * c;
                }
                double cosine = dot / Math.sqrt(rowNorm * centroidNorm);
                assertTrue(cosine > 0.999, "visual word " + w + " follows its centroid: cosine " + cosine);
            }
        }
    }
}
