package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every region-based architecture on DJL: output shapes, a falling loss, save and reload, corrupt checkpoints refused. */
class ImageTextModelsIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ImageTextArchitecture.class)
    void outputsHaveTheShapesOfTheBatchAndTheHeadsOfTheObjectives(ImageTextArchitecture architecture) {
        ImageTextConfig config = TinyImageTextSet.config();
        List<ImageTextExample> examples = TinyImageTextSet.examples(6, 1);
        try (ImageTextModel model = ImageTextModel.create(architecture, TinyImageTextSet.TEXT_VOCABULARY, config, 7);
                NDManager manager = model.model().getNDManager().newSubManager()) {
            BatchPlan plan = BatchPlan.of(examples, architecture, config, model.vocabulary(), new Random(3));
            ImageTextNetwork.Outputs out = model.forward(ImageTextBatch.of(plan, config, manager));
            int length = config.tokenLength(architecture) + TinyImageTextSet.REGIONS;
            assertEquals(new Shape(6, length, 64), out.hidden().getShape());
            assertEquals(new Shape(plan.maskedTokens().length, model.vocabulary().size()), out.tokenLogits().getShape());
            Objectives o = architecture.objectives();
            if (o.matching()) {
                assertEquals(new Shape(6, 2), out.matchLogits().getShape());
            } else {
                assertNull(out.matchLogits());
            }
            if (o.regionClassification() || o.regionClassKl()) {
                assertEquals(new Shape(plan.maskedRegions().length, TinyImageTextSet.CLASSES), out.regionClassLogits().getShape());
            } else {
                assertNull(out.regionClassLogits());
            }
            if (o.regionFeatureRegression()) {
                assertEquals(new Shape(plan.maskedRegions().length, TinyImageTextSet.FEATURES), out.regionFeatures().getShape());
            } else {
                assertNull(out.regionFeatures());
            }
            assertEquals(o.regionMasking(), plan.maskedRegions().length > 0, "regions masked only by architectures that model them");
        }
    }

    @ParameterizedTest
    @EnumSource(ImageTextArchitecture.class)
    void theLossFallsOnATinySetAndTheTrainedModelReloadsWithin1e5(ImageTextArchitecture architecture) throws Exception {
        ImageTextConfig config = TinyImageTextSet.config();
        List<ImageTextExample> examples = TinyImageTextSet.examples(8, 2);
        int steps = 60;
        float first = 0;
        float last = 0;
        try (ImageTextModel model = ImageTextModel.create(architecture, TinyImageTextSet.TEXT_VOCABULARY, config, 11)) {
            try (ImageTextTrainer trainer = new ImageTextTrainer(model, 2e-3f, 5, steps, 5)) {
                for (int s = 0; s < steps; s++) {
                    ImageTextTrainer.StepResult r = trainer.step(examples);
                    assertTrue(r.losses().keySet().containsAll(expectedLosses(architecture)), r.losses().toString());
                    if (s < 10) {
                        first += r.total() / 10;
                    } else if (s >= steps - 10) {
                        last += r.total() / 10;
                    }
                }
            }
            assertTrue(last < first * 0.8f, architecture.id() + ": loss " + first + " -> " + last);
            model.save(dir.resolve("model"));
            float[][] before = model.scores(examples.subList(0, 3), examples.subList(0, 3).stream().map(ImageTextExample::words).toList());
            try (ImageTextModel reloaded = ImageTextModel.load(dir.resolve("model"))) {
                assertEquals(architecture, reloaded.architecture());
                float[][] after = reloaded.scores(examples.subList(0, 3),
                        examples.subList(0, 3).stream().map(ImageTextExample::words).toList());
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(before[i], after[i], 1e-5f);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ImageTextArchitecture.class)
    void corruptCheckpointsAreRefusedWithTheReason(ImageTextArchitecture architecture) throws Exception {
        Path folder = dir.resolve("model");
        try (ImageTextModel model = ImageTextModel.create(architecture, TinyImageTextSet.TEXT_VOCABULARY, TinyImageTextSet.config(), 3)) {
            model.save(folder);
        }
        Path params = Files.list(folder).filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        MalformedModelException truncated = assertThrows(MalformedModelException.class, () -> ImageTextModel.load(folder));
        assertTrue(truncated.getMessage().contains(folder.toString()), truncated.getMessage());
        Files.write(params, bytes);
        Path description = folder.resolve("imagetext.properties");
        String text = Files.readString(description);
        Files.writeString(description, text.replace("hidden=64", "hidden=96"));
        MalformedModelException resized = assertThrows(MalformedModelException.class, () -> ImageTextModel.load(folder));
        assertTrue(resized.getMessage().contains("do not load"), resized.getMessage());
        Files.writeString(description, text.replace("architecture=" + architecture.id(), "architecture=lxmert-9000"));
        MalformedModelException unknown = assertThrows(MalformedModelException.class, () -> ImageTextModel.load(folder));
        assertTrue(unknown.getMessage().contains("unknown image-text model 'lxmert-9000'"), unknown.getMessage());
        Files.writeString(description, text);
        try (ImageTextModel ok = ImageTextModel.load(folder)) {
            assertNotNull(ok);
        }
    }

    private static List<String> expectedLosses(ImageTextArchitecture a) {
        return switch (a) {
            case VISUALBERT -> List.of("mlm", "match");
            case VL_BERT -> List.of("mlm", "mrc");
            case UNICODER_VL -> List.of("mlm", "match", "mrc");
            case UNITER -> List.of("mlm", "match", "mrc", "mrc-kl", "mrfr", "wra");
            case OSCAR -> List.of("mlm", "match");
            case UNIFIED_VLP -> List.of("mlm");
            case VILBERT, TWELVE_IN_ONE -> List.of("mlm", "match", "mrc-kl");
            case LXMERT -> List.of("mlm", "match", "mrc", "mrfr");
        };
    }
}
