package io.mmstream.models.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerativeModelIT {

    @TempDir
    Path work;

    @Test
    void dalleAndM6LearnTheirTasksAndReloadWithin1eMinus5() throws Exception {
        List<GenerativeExample> set = TinyPictureSet.examples(16, 32, 3);
        List<int[]> pieces = set.stream().map(GenerativeExample::pieces).toList();
        List<float[]> pictures = TinyPictureSet.pixels(set);
        for (GenerativeArchitecture architecture : GenerativeArchitecture.values()) {
            Path folder = work.resolve(architecture.id());
            List<float[]> drawn;
            List<int[]> captions = null;
            List<Float> losses = new ArrayList<>();
            try (GenerativeModel model = GenerativeModel.create(architecture, "tiny", TinyPictureSet.TEXT_VOCABULARY,
                    DiscreteVae.create(TinyPictureSet.vaeConfig(), 5), 5);
                    GenerativeTrainer trainer = new GenerativeTrainer(model.model(), 2e-3f, 2, 30, 5)) {
                List<int[]> codes = List.of(model.vae().encode(pictures));
                for (int step = 0; step < 30; step++) {
                    Map<String, Float> values = trainer.step(model.losses(pieces, pictures, codes, new Random(step)), model.weights());
                    losses.add(values.get("image"));
                    assertEquals(architecture == GenerativeArchitecture.DALL_E ? List.of("text", "image") : List.of("caption", "image"),
                            List.copyOf(values.keySet()));
                }
                drawn = model.draw(pieces.subList(0, 2), 2, 8, 1f, 9);
                assertEquals(4, drawn.size());
                assertEquals(3 * 32 * 32, drawn.get(0).length);
                if (architecture == GenerativeArchitecture.M6) {
                    captions = model.caption(pictures.subList(0, 3));
                    assertEquals(3, captions.size());
                }
                model.save(folder);
            }
            assertTrue(losses.get(29) < 0.8 * losses.get(0), architecture.id() + " image loss " + losses);
            try (GenerativeModel loaded = GenerativeModel.load(folder)) {
                assertEquals(architecture, loaded.architecture());
                List<float[]> again = loaded.draw(pieces.subList(0, 2), 2, 8, 1f, 9);
                for (int i = 0; i < drawn.size(); i++) {
                    assertArrayEquals(drawn.get(i), again.get(i), 1e-5f, architecture.id() + " sample " + i);
                }
                if (captions != null) {
                    List<int[]> captionsAgain = loaded.caption(pictures.subList(0, 3));
                    for (int i = 0; i < captions.size(); i++) {
                        assertArrayEquals(captions.get(i), captionsAgain.get(i));
                    }
                }
            }
        }
        Files.delete(work.resolve("m6").resolve("dvae").resolve("dvae.properties"));
        MalformedModelException refused = assertThrows(MalformedModelException.class, () -> GenerativeModel.load(work.resolve("m6")));
        assertTrue(refused.getMessage().contains("no dvae.properties"), refused.getMessage());
    }
}
