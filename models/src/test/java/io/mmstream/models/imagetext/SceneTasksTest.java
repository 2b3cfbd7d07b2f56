package io.mmstream.models.imagetext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.eval.ShapeScene;
import io.mmstream.models.eval.ShapesCaptionSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Questions, referring phrases and statements derived from the generated shapes set's captions and pictures. */
class SceneTasksTest {

    @Test
    void questionsAndAnswersFollowFromTheCaption() {
        Map<String, String> qa = SceneTasks.of("two red circles left of a blue square", picture(), 3, 3, 1).stream()
                .filter(i -> i.task() == Task.QUESTION_ANSWERING)
                .collect(Collectors.toMap(SceneTasks.Item::text, i -> SceneTasks.answer(i.label())));
        assertEquals(Map.of(
                "what color are the circles?", "red",
                "what shape is red?", "circle",
                "how many red circles are there?", "two",
                "what color is the square?", "blue",
                "what shape is blue?", "square",
                "how many blue squares are there?", "one",
                "what is left of the blue square?", "circle"), qa);
        Map<String, String> side = SceneTasks.of("a yellow triangle at the top", picture(), 3, 3, 1).stream()
                .filter(i -> i.task() == Task.QUESTION_ANSWERING)
                .collect(Collectors.toMap(SceneTasks.Item::text, i -> SceneTasks.answer(i.label())));
        assertEquals("top", side.get("where is the yellow triangle?"));
        assertTrue(SceneTasks.of("a dog on a sofa", picture(), 3, 3, 1).isEmpty(), "other sets' captions give no task");
    }

    @Test
    void referringPhrasesNameTheGridCellHoldingTheObjectInTheDrawnPicture(@TempDir Path dir) throws Exception {
        List<ShapesCaptionSet.Item> items = ShapesCaptionSet.generate(dir, 60, 5, 96);
        int checked = 0;
        for (ShapesCaptionSet.Item item : items) {
            RgbFrame picture = io.mmstream.models.detect.Pictures.read(item.image());
            for (SceneTasks.Item t : SceneTasks.of(item.caption(), picture, 3, 3, 1)) {
                if (t.task() != Task.REFERRING) {
                    continue;
                }
                ShapesCaptionSet.DrawnShape drawn = item.shapes().stream()
                        .filter(s -> t.text().equals("the " + s.colour().word() + " " + s.shape().word(1))).findFirst().orElseThrow();
                int column = Math.min(2, (drawn.x1() + drawn.x2()) / 2 * 3 / 96);
                int row = Math.min(2, (drawn.y1() + drawn.y2()) / 2 * 3 / 96);
                // a shape on a cell's edge may have its centroid just across it
                int expected = 1 + row * 3 + column;
                int got = t.label();
                assertTrue(Math.abs((got - 1) % 3 - column) <= 1 && Math.abs((got - 1) / 3 - row) <= 1,
                        item.caption() + ": " + t.text() + " in region " + got + ", drawn in " + expected);
                checked += got == expected ? 1 : 0;
            }
        }
        assertTrue(checked > 20, checked + " referring phrases in the drawn cell");
    }

    @Test
    void statementsAreTheCaptionAndTheCaptionWithOneThingChanged() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            ShapeScene scene = ShapeScene.random(random);
            List<SceneTasks.Item> statements = SceneTasks.of(scene.caption(), picture(), 3, 3, i).stream()
                    .filter(t -> t.task() == Task.VERIFICATION).toList();
            assertEquals(2, statements.size(), scene.caption());
            assertEquals(new SceneTasks.Item(Task.VERIFICATION, scene.caption(), 1), statements.get(0));
            SceneTasks.Item wrong = statements.get(1);
            assertEquals(0, wrong.label());
            assertFalse(wrong.text().equals(scene.caption()));
            assertTrue(ShapeScene.parse(wrong.text()).isPresent(), wrong.text() + " is a caption of the set");
        }
    }

    private static RgbFrame picture() {
        return new RgbFrame(0, 8, 8, new byte[8 * 8 * 3]);
    }
}
