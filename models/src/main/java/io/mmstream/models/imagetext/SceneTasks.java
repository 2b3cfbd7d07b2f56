package io.mmstream.models.imagetext;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.eval.ShapeScene;
import io.mmstream.models.eval.ShapeScene.Colour;
import io.mmstream.models.eval.ShapeScene.Group;
import io.mmstream.models.eval.ShapeScene.Placement;
import io.mmstream.models.eval.ShapeScene.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The task examples a caption of the generated shapes set gives, derived from the caption and its
 * picture: questions with their answers (the shapes' colours, kinds, counts and places), referring
 * phrases with the grid region that holds the object they name (found in the picture by the object's
 * colour), and statements to verify (the caption itself, and the caption with one thing changed).
 */
public final class SceneTasks {

    /** The answers of every question, in label order. */
    public static final List<String> ANSWERS = List.of("red", "green", "blue", "yellow", "circle", "square", "triangle", "one", "two",
            "three", "left", "right", "top", "bottom");
    /** A pixel is the object's colour when the sum of its channels' differences from it is below this. */
    static final int COLOUR_TOLERANCE = 90;
    /** Pixels of a colour needed to place its object. */
    static final int MIN_PIXELS = 12;

    /** One task item before tokenisation. */
    public record Item(Task task, String text, int label) {}

    private SceneTasks() {}

    /**
     * The items of a pair.
     *
     * @param caption the pair's caption; a caption not of the shapes set gives no item
     * @param picture its picture, where referring expressions find their objects
     * @param rows grid rows of the model's regions (region 0 is the whole picture, then the cells row by row)
     * @param columns grid columns
     * @param seed draws the changed statement
     */
    public static List<Item> of(String caption, RgbFrame picture, int rows, int columns, long seed) {
        Optional<ShapeScene> parsed = ShapeScene.parse(caption);
        if (parsed.isEmpty()) {
            return List.of();
        }
        ShapeScene scene = parsed.get();
        List<Item> items = new ArrayList<>(questions(scene));
        items.addAll(referring(scene, picture, rows, columns));
        items.add(new Item(Task.VERIFICATION, scene.caption(), 1));
        changed(scene, new Random(seed)).ifPresent(s -> items.add(new Item(Task.VERIFICATION, s.caption(), 0)));
        return items;
    }

    /** The questions a scene answers, each with its answer's index. */
    static List<Item> questions(ShapeScene scene) {
        List<Item> items = new ArrayList<>();
        List<Group> groups = scene.groups();
        for (Group g : groups) {
            boolean plural = g.count() > 1;
            String kind = g.shape().word(g.count());
            if (groups.stream().filter(o -> o.shape() == g.shape()).count() == 1) {
                items.add(qa((plural ? "what color are the " : "what color is the ") + kind + "?", g.colour().word()));
            }
            if (groups.stream().filter(o -> o.colour() == g.colour()).count() == 1) {
                items.add(qa("what shape is " + g.colour().word() + "?", g.shape().word(1)));
            }
            items.add(qa("how many " + g.colour().word() + " " + g.shape().word(2) + " are there?", number(g.count())));
        }
        Group first = groups.get(0);
        String firstName = first.colour().word() + " " + first.shape().word(first.count());
        if (!scene.placement().relation()) {
            String side = switch (scene.placement()) {
                case LEFT -> "left";
                case RIGHT -> "right";
                case TOP -> "top";
                default -> "bottom";
            };
            items.add(qa((first.count() > 1 ? "where are the " : "where is the ") + firstName + "?", side));
        } else {
            Group second = groups.get(1);
            String relation = scene.placement() == Placement.LEFT_OF ? "left of" : "above";
            items.add(qa("what is " + relation + " the " + second.colour().word() + " " + second.shape().word(second.count()) + "?",
                    first.shape().word(1)));
        }
        return items;
    }

    private static Item qa(String question, String answer) {
        int label = ANSWERS.indexOf(answer);
        if (label < 0) {
            throw new IllegalStateException("no answer '" + answer + "'");
        }
        return new Item(Task.QUESTION_ANSWERING, question, label);
    }

    private static String number(int count) {
        return switch (count) {
            case 1 -> "one";
            case 2 -> "two";
            default -> "three";
        };
    }

    /** For each single shape whose colour no other shape has: "the red circle" and the grid region holding it. */
    static List<Item> referring(ShapeScene scene, RgbFrame picture, int rows, int columns) {
        List<Item> items = new ArrayList<>();
        for (Group g : scene.groups()) {
            boolean alone = g.count() == 1 && scene.groups().stream().filter(o -> o.colour() == g.colour()).count() == 1;
            if (!alone) {
                continue;
            }
            int region = regionOf(picture, g.colour().rgb(), rows, columns);
            if (region > 0) {
                items.add(new Item(Task.REFERRING, "the " + g.colour().word() + " " + g.shape().word(1), region));
            }
        }
        return items;
    }

    /** The grid region (1 + row x columns + column) holding the centre of the pixels of colour {@code rgb}; 0 when too few. */
    static int regionOf(RgbFrame picture, int rgb, int rows, int columns) {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        byte[] pixels = picture.rgb();
        long sumX = 0;
        long sumY = 0;
        int n = 0;
        for (int y = 0; y < picture.height(); y++) {
            for (int x = 0; x < picture.width(); x++) {
                int i = (y * picture.width() + x) * 3;
                int d = Math.abs((pixels[i] & 0xFF) - r) + Math.abs((pixels[i + 1] & 0xFF) - g) + Math.abs((pixels[i + 2] & 0xFF) - b);
                if (d < COLOUR_TOLERANCE) {
                    sumX += x;
                    sumY += y;
                    n++;
                }
            }
        }
        if (n < MIN_PIXELS) {
            return 0;
        }
        int column = (int) Math.min(columns - 1, (sumX / (double) n + 0.5) * columns / picture.width());
        int row = (int) Math.min(rows - 1, (sumY / (double) n + 0.5) * rows / picture.height());
        return 1 + row * columns + column;
    }

    /** The scene with one thing changed (a colour, a kind, a count, or the two groups swapped): a false statement. */
    static Optional<ShapeScene> changed(ShapeScene scene, Random random) {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<Group> groups = new ArrayList<>(scene.groups());
            int which = random.nextInt(groups.size());
            Group g = groups.get(which);
            switch (random.nextInt(scene.placement().relation() ? 4 : 3)) {
                case 0 -> groups.set(which, new Group(g.count(), Colour.values()[(g.colour().ordinal() + 1 + random.nextInt(3)) % 4], g.shape()));
                case 1 -> groups.set(which, new Group(g.count(), g.colour(), Shape.values()[(g.shape().ordinal() + 1 + random.nextInt(2)) % 3]));
                case 2 -> groups.set(which, new Group(1 + (g.count() + random.nextInt(2)) % 3, g.colour(), g.shape()));
                default -> java.util.Collections.reverse(groups);
            }
            try {
                ShapeScene s = new ShapeScene(scene.placement(), groups);
                boolean distinctGroups = groups.size() < 2 || !(groups.get(0).colour() == groups.get(1).colour()
                        && groups.get(0).shape() == groups.get(1).shape());
                if (distinctGroups && !s.caption().equals(scene.caption())) {
                    return Optional.of(s);
                }
            } catch (IllegalArgumentException tooMany) {
                // more than three shapes: draw another change
            }
        }
        return Optional.empty();
    }

    /** The answer of label {@code label}. */
    public static String answer(int label) {
        return ANSWERS.get(label);
    }
}
