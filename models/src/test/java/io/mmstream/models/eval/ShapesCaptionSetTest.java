package io.mmstream.models.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.models.eval.ShapeScene.Colour;
import io.mmstream.models.eval.ShapeScene.Group;
import io.mmstream.models.eval.ShapeScene.Placement;
import io.mmstream.models.eval.ShapeScene.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated shapes set read back from its PNGs: each colour the caption names is there as many times
 * as it says, where it says, in the kind of shape it says, and the same seed gives the same set.
 */
class ShapesCaptionSetTest {

    private static final int SIDE = 128;

    /** A blob of one palette colour found in a decoded picture. */
    private record Blob(Colour colour, int pixels, double cx, double cy, int width, int height) {
        double fill() {
            return pixels / (double) (width * height);
        }
    }

    @Test
    void thePicturesShowWhatTheCaptionsSay(@TempDir Path dir) throws Exception {
        List<ShapesCaptionSet.Item> items = ShapesCaptionSet.generate(dir, 40, 7, SIDE);
        assertEquals(40, items.size());
        for (ShapesCaptionSet.Item item : items) {
            assertEquals(item.caption() + "\n", Files.readString(dir.resolve(item.image().getFileName().toString().replace(".png", ".txt"))));
            BufferedImage image = ImageIO.read(item.image().toFile());
            assertEquals(SIDE, image.getWidth());
            assertEquals(SIDE, image.getHeight());
            List<Blob> blobs = blobs(image);
            String what = item.image().getFileName() + " \"" + item.caption() + "\": " + blobs;
            ShapeScene scene = item.scene();
            assertEquals(scene.shapeCount(), blobs.size(), what);
            for (Colour c : Colour.values()) {
                int said = scene.groups().stream().filter(g -> g.colour() == c).mapToInt(Group::count).sum();
                assertEquals(said, blobs.stream().filter(b -> b.colour() == c).count(), what + " " + c);
            }
            for (Blob b : blobs) {
                switch (scene.placement()) {
                    case LEFT -> assertTrue(b.cx() < SIDE / 3.0, what);
                    case RIGHT -> assertTrue(b.cx() >= 2 * SIDE / 3.0, what);
                    case TOP -> assertTrue(b.cy() < SIDE / 3.0, what);
                    case BOTTOM -> assertTrue(b.cy() >= 2 * SIDE / 3.0, what);
                    default -> { }
                }
                if (!scene.placement().relation()) {
                    assertShapeKind(scene.groups().get(0).shape(), b, what);
                }
            }
            Group first = scene.groups().get(0);
            if (scene.placement().relation() && first.colour() != scene.groups().get(1).colour()) {
                Colour a = first.colour();
                Colour z = scene.groups().get(1).colour();
                boolean across = scene.placement() == Placement.LEFT_OF;
                double lastOfFirst = blobs.stream().filter(b -> b.colour() == a).mapToDouble(b -> across ? b.cx() : b.cy()).max().orElseThrow();
                double firstOfSecond = blobs.stream().filter(b -> b.colour() == z).mapToDouble(b -> across ? b.cx() : b.cy()).min().orElseThrow();
                assertTrue(lastOfFirst < firstOfSecond, what);
                blobs.stream().filter(b -> b.colour() == a).forEach(b -> assertShapeKind(first.shape(), b, what));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSetAndASmallerSetIsItsStart(@TempDir Path dir) throws Exception {
        List<ShapesCaptionSet.Item> big = ShapesCaptionSet.generate(dir.resolve("a"), 12, 3, 64);
        List<ShapesCaptionSet.Item> small = ShapesCaptionSet.generate(dir.resolve("b"), 5, 3, 64);
        for (int i = 0; i < small.size(); i++) {
            assertEquals(big.get(i).caption(), small.get(i).caption());
            assertEquals(big.get(i).shapes(), small.get(i).shapes());
            assertArrayEquals(Files.readAllBytes(big.get(i).image()), Files.readAllBytes(small.get(i).image()));
        }
        List<ShapesCaptionSet.Item> other = ShapesCaptionSet.generate(dir.resolve("c"), 12, 4, 64);
        assertTrue(!big.stream().map(ShapesCaptionSet.Item::caption).toList().equals(other.stream().map(ShapesCaptionSet.Item::caption).toList()));
    }

    @Test
    void captionsAreComposedFromTheScene() {
        assertEquals("two red circles left of a blue square", new ShapeScene(Placement.LEFT_OF,
                List.of(new Group(2, Colour.RED, Shape.CIRCLE), new Group(1, Colour.BLUE, Shape.SQUARE))).caption());
        assertEquals("a yellow triangle at the top", new ShapeScene(Placement.TOP, List.of(new Group(1, Colour.YELLOW, Shape.TRIANGLE))).caption());
        assertEquals("three green squares on the right", new ShapeScene(Placement.RIGHT, List.of(new Group(3, Colour.GREEN, Shape.SQUARE))).caption());
        Random random = new Random(1);
        Set<Placement> placements = EnumSet.noneOf(Placement.class);
        Set<Colour> colours = EnumSet.noneOf(Colour.class);
        Set<Shape> shapes = EnumSet.noneOf(Shape.class);
        Set<Integer> counts = new java.util.HashSet<>();
        for (int i = 0; i < 300; i++) {
            ShapeScene s = ShapeScene.random(random);
            placements.add(s.placement());
            s.groups().forEach(g -> {
                colours.add(g.colour());
                shapes.add(g.shape());
                counts.add(g.count());
            });
            assertTrue(s.shapeCount() >= 1 && s.shapeCount() <= 3, s.caption());
            assertEquals(s, ShapeScene.parse(s.caption()).orElseThrow(), s.caption());
            assertEquals(s, ShapeScene.parse("  " + s.caption().toUpperCase(java.util.Locale.ROOT) + " ").orElseThrow());
        }
        assertTrue(ShapeScene.parse("a dog on the left").isEmpty());
        assertTrue(ShapeScene.parse("a red circle").isEmpty());
        assertTrue(ShapeScene.parse("two red circle on the left").isEmpty(), "the plural goes with the count");
        assertTrue(ShapeScene.parse("three red circles left of a blue square").isEmpty(), "at most three shapes");
        assertEquals(EnumSet.allOf(Placement.class), placements);
        assertEquals(EnumSet.allOf(Colour.class), colours);
        assertEquals(EnumSet.allOf(Shape.class), shapes);
        assertEquals(Set.of(1, 2, 3), counts);
    }

    /** A square fills its box, a circle pi/4 of it, a triangle half. */
    private static void assertShapeKind(Shape shape, Blob b, String what) {
        double fill = b.fill();
        switch (shape) {
            case SQUARE -> assertTrue(fill > 0.9, what + " square fill " + fill);
            case CIRCLE -> assertTrue(fill > 0.7 && fill < 0.86, what + " circle fill " + fill);
            case TRIANGLE -> assertTrue(fill > 0.4 && fill < 0.62, what + " triangle fill " + fill);
        }
    }

    /** Connected runs of pixels near one palette colour (antialiased edges left out), tiny specks ignored. */
    private static List<Blob> blobs(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Colour[] label = new Colour[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                for (Colour c : Colour.values()) {
                    int d = Math.abs(((rgb >> 16) & 255) - ((c.rgb() >> 16) & 255)) + Math.abs(((rgb >> 8) & 255) - ((c.rgb() >> 8) & 255))
                            + Math.abs((rgb & 255) - (c.rgb() & 255));
                    if (d < 40) {
                        label[y * w + x] = c;
                    }
                }
            }
        }
        boolean[] seen = new boolean[w * h];
        List<Blob> blobs = new ArrayList<>();
        for (int start = 0; start < w * h; start++) {
            if (label[start] == null || seen[start]) {
                continue;
            }
            Colour c = label[start];
            int pixels = 0;
            long sx = 0;
            long sy = 0;
            int minX = w;
            int minY = h;
            int maxX = -1;
            int maxY = -1;
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(start));
            seen[start] = true;
            while (!todo.isEmpty()) {
                int p = todo.pop();
                int x = p % w;
                int y = p / w;
                pixels++;
                sx += x;
                sy += y;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int q : new int[] {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1}) {
                    if (q >= 0 && !seen[q] && label[q] == c) {
                        seen[q] = true;
                        todo.push(q);
                    }
                }
            }
            if (pixels >= 20) {
                blobs.add(new Blob(c, pixels, sx / (double) pixels, sy / (double) pixels, maxX - minX + 1, maxY - minY + 1));
            }
        }
        return blobs;
    }
}
