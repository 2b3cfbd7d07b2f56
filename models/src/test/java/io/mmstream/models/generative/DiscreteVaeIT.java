package io.mmstream.models.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscreteVaeIT {

    @TempDir
    Path work;

    @Test
    void reconstructionErrorFallsOverAFewStepsOnGeneratedPictures() {
        List<float[]> pictures = TinyPictureSet.pixels(TinyPictureSet.examples(32, 32, 1));
        int steps = 60;
        TauSchedule tau = TauSchedule.dalle(steps);
        List<Float> losses = new ArrayList<>();
        double hard;
        try (DiscreteVae vae = DiscreteVae.create(TinyPictureSet.vaeConfig(), 7);
                GenerativeTrainer trainer = new GenerativeTrainer(vae.model(), 3e-3f, 2, steps, 7)) {
            for (int step = 0; step < steps; step++) {
                List<float[]> batch = pictures.subList(step % 2 * 16, step % 2 * 16 + 16);
                losses.add(trainer.step(vae.losses(batch, tau.at(step)), Map.of("kl", 5e-4f)).get("reconstruction"));
            }
            hard = vae.reconstructionError(pictures);
        }
        double first = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
        double last = (losses.get(steps - 1) + losses.get(steps - 2) + losses.get(steps - 3)) / 3;
        assertTrue(last < 0.5 * first, "reconstruction " + first + " -> " + last + ": " + losses);
        // the codes carry the picture: drawn back from them, better than the best picture that ignores them
        double meanPicture = GenerativeEvaluation.meanPictureError(pictures);
        assertTrue(hard < 0.9 * meanPicture, "from the hard codes " + hard + ", the mean picture " + meanPicture);
    }

    @Test
    void theGumbelRelaxationTendsToOneHotAsTauDrops() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            NDArray logits = manager.randomNormal(0, 1, new Shape(4, 128, 8, 8), ai.djl.ndarray.types.DataType.FLOAT32);
            Engine.getEngine("PyTorch").setRandomSeed(5);
            float warm = GumbelSoftmax.relax(logits, 1f, 1).max(new int[] {1}).mean().getFloat();
            Engine.getEngine("PyTorch").setRandomSeed(5);
            float cold = GumbelSoftmax.relax(logits, 1f / 16, 1).max(new int[] {1}).mean().getFloat();
            assertTrue(cold > 0.9f, "mean largest probability at tau 1/16: " + cold);
            assertTrue(warm < cold - 0.3f, "at tau 1: " + warm + ", at 1/16: " + cold);
            float sum = GumbelSoftmax.relax(logits, 0.5f, 1).sum(new int[] {1}).sub(1).abs().max().getFloat();
            assertTrue(sum < 1e-5f, "every cell sums to 1 (off by " + sum + ")");
        }
    }

    @Test
    void aSavedDiscreteVaeReloadsWithin1eMinus5() throws Exception {
        List<float[]> pictures = TinyPictureSet.pixels(TinyPictureSet.examples(6, 32, 2));
        Path folder = work.resolve("dvae");
        int[][] codes;
        List<float[]> drawn;
        try (DiscreteVae vae = DiscreteVae.create(TinyPictureSet.vaeConfig(), 11);
                GenerativeTrainer trainer = new GenerativeTrainer(vae.model(), 1e-3f, 1, 2, 11)) {
            trainer.step(vae.losses(pictures, 1f), Map.of());
            trainer.step(vae.losses(pictures, 0.5f), Map.of());
            codes = vae.encode(pictures);
            drawn = vae.decode(codes);
            vae.save(folder);
        }
        try (DiscreteVae loaded = DiscreteVae.load(folder)) {
            assertEquals(TinyPictureSet.vaeConfig(), loaded.config());
            assertArrayEquals(codes, loaded.encode(pictures));
            List<float[]> again = loaded.decode(codes);
            for (int i = 0; i < drawn.size(); i++) {
                assertArrayEquals(drawn.get(i), again.get(i), 1e-5f);
            }
            assertEquals(64, codes[0].length);
        }
    }
}
