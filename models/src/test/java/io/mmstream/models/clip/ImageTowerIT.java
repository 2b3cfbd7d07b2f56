package io.mmstream.models.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import io.mmstream.frames.RgbFrame;
import io.mmstream.models.eval.ShapesCaptionSet;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIP of pictures with the tiny ViT image tower, with real DJL steps on generated shapes pictures: the
 * outputs' shapes and lengths, the contrastive loss falling on a small set, a saved model giving the
 * same scores, and a video model saved before there were image towers still loading as video.
 */
class ImageTowerIT {

    private static final int TEXT = 16;

    @TempDir
    Path work;

    /** Generated shapes pictures, each caption with a fixed random sentence vector (a stand-in for MiniLM's). */
    private List<PictureText> pictures(int n) throws Exception {
        List<ShapesCaptionSet.Item> items = ShapesCaptionSet.generate(work.resolve("shapes"), n, 3, 64);
        Map<String, float[]> vectors = new HashMap<>();
        Random random = new Random(5);
        List<PictureText> out = new ArrayList<>();
        for (ShapesCaptionSet.Item item : items) {
            float[] v = vectors.computeIfAbsent(item.caption(), c -> {
                float[] x = new float[TEXT];
                for (int i = 0; i < TEXT; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                return x;
            });
            out.add(new PictureText(item.image().getFileName().toString(), item.caption(), v, frame(ImageIO.read(item.image().toFile()))));
        }
        return out;
    }

    private static RgbFrame frame(BufferedImage image) {
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int i = (y * image.getWidth() + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return new RgbFrame(0, image.getWidth(), image.getHeight(), rgb);
    }

    @Test
    void picturesGoIntoTheSharedSpaceAndTheLossFalls() throws Exception {
        List<PictureText> pairs = pictures(12);
        List<RgbFrame> frames = pairs.stream().map(PictureText::picture).toList();
        try (ClipModel model = PicturePretraining.create("tiny", TEXT, 1)) {
            assertTrue(model.isPictures());
            assertEquals(64, model.imageTower().patches(), "64 px in 8 px patches");
            float[][] embedded = model.embedPictures(frames);
            assertEquals(12, embedded.length);
            assertEquals(model.config().embedding(), embedded[0].length);
            for (float[] e : embedded) {
                assertEquals(1.0, ClipModel.dot(e, e), 1e-4, "on unit length");
            }
            float[] scores = model.pictureScores(frames.subList(0, 3), pairs.get(0).sentence());
            assertEquals(3, scores.length);
            assertEquals(ClipModel.dot(embedded[1], model.embedTexts(List.of(pairs.get(0).sentence()))[0]), scores[1], 1e-5);
            assertThrows(IllegalArgumentException.class, () -> model.pictureScores(frames, new float[TEXT + 1]));

            List<Float> losses = new ArrayList<>();
            try (ClipTrainer trainer = new ClipTrainer(model, 2e-3f, 2, 40)) {
                Random random = new Random(2);
                for (int s = 0; s < 40; s++) {
                    List<Integer> batch = PicturePretraining.batch(pairs, 8, random);
                    losses.add(trainer.stepPictures(batch.stream().map(i -> pairs.get(i).sentence()).toList(),
                            batch.stream().map(i -> PicturePixels.patches(frames.get(i), model.imageTower())).toList()));
                }
            }
            double first = losses.subList(0, 5).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            double last = losses.subList(35, 40).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
            assertTrue(last < 0.6 * first, "the contrastive loss falls: " + first + " -> " + last);

            Path saved = work.resolve("model");
            model.save(saved);
            assertTrue(Files.readString(saved.resolve("clip.properties")).contains("tower=image"));
            try (ClipModel again = ClipModel.load(saved)) {
                assertTrue(again.isPictures());
                assertEquals(model.imageTower(), again.imageTower());
                float[][] a = model.embedPictures(frames);
                float[][] b = again.embedPictures(frames);
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(a[i], b[i], 1e-5f);
                }
                assertArrayEquals(model.pictureScores(frames, pairs.get(3).sentence()), again.pictureScores(frames, pairs.get(3).sentence()),
                        1e-5f);
                assertEquals(model.logitScale(), again.logitScale(), 1e-5);
            }
        }
    }

    @Test
    void videoModelsSavedWithoutATowerStillLoadAsVideo() throws Exception {
        Path saved = work.resolve("video");
        float[] sentence = new float[TEXT];
        sentence[3] = 1;
        float[] expected;
        try (ClipModel model = ClipModel.create(new DualEncoderConfig(TEXT, 8, 4, 32, 16, 4), 1)) {
            model.save(saved);
            expected = model.embedTexts(List.of(sentence))[0];
        }
        Path properties = saved.resolve("clip.properties");
        // the description as video models were saved before pictures: no tower
        Files.writeString(properties, Files.readString(properties).replaceAll("(?m)^tower=video\\R", ""));
        assertTrue(!Files.readString(properties).contains("tower"));
        try (ClipModel old = ClipModel.load(saved)) {
            assertTrue(!old.isPictures());
            assertArrayEquals(expected, old.embedTexts(List.of(sentence))[0], 1e-6f);
            assertThrows(IllegalStateException.class, () -> old.embedPictures(List.of(new RgbFrame(0, 8, 8, new byte[192]))));
        }
        Files.writeString(properties, Files.readString(properties) + "tower=hologram\n");
        assertTrue(assertThrows(MalformedModelException.class, () -> ClipModel.load(saved)).getMessage().contains("unknown tower"));
    }
}
