package io.mmstream.models.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLIP dual encoder trained with real DJL steps on generated pairs whose text and clips share a
 * hidden topic: the contrastive loss falls, texts find their own segments far above chance (also
 * segments never trained on), the temperature is learned, and a saved model gives the same vectors.
 */
class DualEncoderIT {

    @TempDir
    Path work;

    private static final int TEXT = 32;
    private static final int FEATURES = 24;
    private static final int TOPICS = 8;

    /** Pairs drawn from {@code TOPICS} hidden topics: texts and clips are noisy linear images of the topic vector. */
    private static List<ClipPair> pairs(int n, long seed) {
        Random shared = new Random(1);
        float[][] toText = matrix(shared, TEXT, TOPICS);
        float[][] toClip = matrix(shared, FEATURES, TOPICS);
        Random r = new Random(seed);
        List<ClipPair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] topic = new float[TOPICS];
            for (int k = 0; k < TOPICS; k++) {
                topic[k] = (float) r.nextGaussian();
            }
            List<float[]> clips = new ArrayList<>();
            int[] words = new int[2 + r.nextInt(3)];
            for (int c = 0; c < words.length; c++) {
                clips.add(noisy(toClip, topic, r, 0.3f));
                words[c] = r.nextInt(10);
            }
            pairs.add(new ClipPair(noisy(toText, topic, r, 0.3f), new ClipPair.Clips(clips, words)));
        }
        return pairs;
    }

    private static float[][] matrix(Random r, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) r.nextGaussian();
            }
        }
        return m;
    }

    private static float[] noisy(float[][] m, float[] topic, Random r, float noise) {
        float[] out = new float[m.length];
        double norm = 0;
        for (int i = 0; i < m.length; i++) {
            for (int k = 0; k < topic.length; k++) {
                out[i] += m[i][k] * topic[k];
            }
            out[i] += noise * (float) r.nextGaussian();
            norm += out[i] * out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) Math.sqrt(norm);
        }
        return out;
    }

    private static double recallAt1(ClipModel model, List<ClipPair> pairs) {
        return ClipPretraining.recallAt1(model, pairs);
    }

    @Test
    void textsLearnToFindTheirOwnSegments() throws Exception {
        DualEncoderConfig config = new DualEncoderConfig(TEXT, FEATURES, 10, 64, 32, 8);
        List<ClipPair> train = pairs(256, 5);
        List<ClipPair> heldOut = pairs(64, 99);
        try (ClipModel model = ClipModel.create(config, 7)) {
            double before = recallAt1(model, heldOut);
            float firstLoss;
            float lastLoss = 0;
            float scaleBefore = model.logitScale();
            try (ClipTrainer trainer = new ClipTrainer(model, 3e-3f, 10)) {
                PairSampler sampler = new PairSampler(train, 3);
                firstLoss = trainer.step(sampler.batch(32));
                for (int s = 1; s < 300; s++) {
                    lastLoss = trainer.step(sampler.batch(32));
                }
            }
            assertTrue(lastLoss < firstLoss * 0.5, "the contrastive loss falls: " + firstLoss + " -> " + lastLoss);
            double trained = recallAt1(model, train);
            double unseen = recallAt1(model, heldOut);
            assertTrue(trained > 0.5, "texts find their own segment among 256: " + trained);
            assertTrue(unseen > 10 * (1 / 64.0) && unseen > before + 0.1,
                    "and among 64 never trained on (chance 1/64): " + before + " -> " + unseen);
            assertNotEquals(scaleBefore, model.logitScale(), 1e-3, "the temperature is learned");

            Path saved = work.resolve("model");
            model.save(saved);
            try (ClipModel again = ClipModel.load(saved)) {
                float[][] a = model.embedTexts(heldOut.stream().map(ClipPair::text).toList());
                float[][] b = again.embedTexts(heldOut.stream().map(ClipPair::text).toList());
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(a[i], b[i], 1e-5f);
                }
                assertEquals(model.logitScale(), again.logitScale(), 1e-5);
            }
            // the towers in plain Java (what index and search run) give the engine's vectors
            ClipSpace space = ClipSpace.load(saved, "v1");
            float[][] texts = model.embedTexts(heldOut.stream().map(ClipPair::text).toList());
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(texts[i], space.text(heldOut.get(i).text()), 1e-4f);
                ClipPair.Clips clips = heldOut.get(i).video();
                ClipPair.Clips one = new ClipPair.Clips(clips.features().subList(0, 1), new int[] {clips.words()[0]});
                assertArrayEquals(model.embedVideos(List.of(one))[0], space.clip(clips.features().get(0), clips.words()[0]), 1e-4f);
            }
        }
    }

    @Test
    void aModelOfOtherSizesOrNoModelIsRefused() throws Exception {
        Path saved = work.resolve("model");
        try (ClipModel model = ClipModel.create(new DualEncoderConfig(TEXT, FEATURES, 10, 64, 32, 8), 1)) {
            model.save(saved);
        }
        String props = Files.readString(saved.resolve("clip.properties")).replace("hidden=64", "hidden=48");
        Files.writeString(saved.resolve("clip.properties"), props);
        assertTrue(assertThrows(MalformedModelException.class, () -> ClipModel.load(saved)).getMessage().contains("do not load"));
        assertThrows(MalformedModelException.class, () -> ClipModel.load(work.resolve("nothing")));
    }
}
