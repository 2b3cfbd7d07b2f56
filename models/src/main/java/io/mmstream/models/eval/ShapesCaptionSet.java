package io.mmstream.models.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.models.eval.ShapeScene.Group;
import io.mmstream.models.eval.ShapeScene.Placement;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * A generated image-caption set whose captions are compositional: each picture shows 1 to 3 circles,
 * squares or triangles in red, green, blue or yellow on a plain light background, placed at a side of the
 * picture or one group left of or above another, and its caption says exactly that ("two red circles left
 * of a blue square", "a yellow triangle at the top"). The picture is cut into a 3 x 3 grid of cells and
 * each shape drawn inside its own cell, so shapes never touch and a place in the caption is a set of cells.
 * A seed fixes the whole set; the first k pictures of a larger set are the set of k.
 */
public final class ShapesCaptionSet {

    /** The default width and height of a picture in pixels. */
    public static final int DEFAULT_SIDE = 128;
    /** The background's RGB. */
    public static final int BACKGROUND = 0xF5F5F0;

    /** One shape as drawn: its kind, colour and bounding box in pixels (x2, y2 exclusive). */
    public record DrawnShape(ShapeScene.Shape shape, ShapeScene.Colour colour, int x1, int y1, int x2, int y2) {}

    /** One picture of the set: its PNG, its caption (also in the sidecar .txt), the scene and the shapes drawn. */
    public record Item(Path image, String caption, ShapeScene scene, List<DrawnShape> shapes) {}

    private ShapesCaptionSet() {}

    /**
     * Writes {@code count} pictures {@code 00000.png ...} of {@code side x side} pixels into {@code folder},
     * each with its caption in {@code 00000.txt}, and returns them in order.
     */
    public static List<Item> generate(Path folder, int count, long seed, int side) throws IOException {
        if (side < 24) {
            throw new IllegalArgumentException("pictures of " + side + " px are too small for 3 x 3 cells of shapes");
        }
        Files.createDirectories(folder);
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ShapeScene scene = ShapeScene.random(random);
            List<DrawnShape> shapes = layOut(scene, side, random);
            String name = String.format("%05d", i);
            Path png = folder.resolve(name + ".png");
            ImageIO.write(draw(shapes, side), "png", png.toFile());
            Files.writeString(folder.resolve(name + ".txt"), scene.caption() + "\n", StandardCharsets.UTF_8);
            items.add(new Item(png, scene.caption(), scene, shapes));
        }
        return items;
    }

    /** Picks each shape's cell, size and position inside it so that the scene's placement holds. */
    static List<DrawnShape> layOut(ShapeScene scene, int side, Random random) {
        List<Group> groups = scene.groups();
        int[] lines = switch (scene.placement()) {
            case LEFT, TOP -> new int[] {0};
            case RIGHT, BOTTOM -> new int[] {2};
            // the first group's column (or row) strictly before the second's
            case LEFT_OF, ABOVE -> switch (random.nextInt(3)) {
                case 0 -> new int[] {0, 1};
                case 1 -> new int[] {0, 2};
                default -> new int[] {1, 2};
            };
        };
        boolean columns = switch (scene.placement()) {
            case LEFT, RIGHT, LEFT_OF -> true;
            case TOP, BOTTOM, ABOVE -> false;
        };
        List<DrawnShape> shapes = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            // distinct cells along the column (or row)
            List<Integer> free = new ArrayList<>(List.of(0, 1, 2));
            for (int k = 0; k < group.count(); k++) {
                int along = free.remove(random.nextInt(free.size()));
                int cellX = columns ? lines[g] : along;
                int cellY = columns ? along : lines[g];
                shapes.add(inCell(group, cellX, cellY, side, random));
            }
        }
        return shapes;
    }

    private static DrawnShape inCell(Group group, int cellX, int cellY, int side, Random random) {
        int cell = side / 3;
        int margin = Math.max(1, side / 64);
        int size = (int) Math.round(cell * (0.55 + 0.25 * random.nextDouble()));
        int slack = cell - size - 2 * margin;
        int x1 = cellX * cell + margin + random.nextInt(slack + 1);
        int y1 = cellY * cell + margin + random.nextInt(slack + 1);
        return new DrawnShape(group.shape(), group.colour(), x1, y1, x1 + size, y1 + size);
    }

    static BufferedImage draw(List<DrawnShape> shapes, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(BACKGROUND));
            g.fillRect(0, 0, side, side);
            for (DrawnShape s : shapes) {
                g.setColor(new Color(s.colour().rgb()));
                int w = s.x2() - s.x1();
                int h = s.y2() - s.y1();
                switch (s.shape()) {
                    case CIRCLE -> g.fillOval(s.x1(), s.y1(), w, h);
                    case SQUARE -> g.fillRect(s.x1(), s.y1(), w, h);
                    case TRIANGLE -> g.fillPolygon(new int[] {s.x1() + w / 2, s.x1(), s.x2()}, new int[] {s.y1(), s.y2(), s.y2()}, 3);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes the items as a JSON-lines manifest: per picture its {@code path} relative to the manifest's
     * folder, {@code caption}, {@code placement}, {@code groups} (count, colour, shape) and drawn
     * {@code shapes} with their boxes, from which questions and answers or zero-shot labels can be made.
     */
    public static void writeManifest(List<Item> items, Path manifest) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path base = manifest.toAbsolutePath().getParent();
        try (Writer out = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
            for (Item item : items) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("path", base.relativize(item.image().toAbsolutePath()).toString());
                line.put("caption", item.caption());
                line.put("placement", item.scene().placement().name().toLowerCase(Locale.ROOT));
                line.put("groups", item.scene().groups().stream()
                        .map(gr -> Map.of("count", gr.count(), "colour", gr.colour().word(), "shape", gr.shape().word(1))).toList());
                line.put("shapes", item.shapes().stream().map(s -> Map.of("shape", s.shape().word(1), "colour", s.colour().word(),
                        "box", List.of(s.x1(), s.y1(), s.x2(), s.y2()))).toList());
                out.write(json.writeValueAsString(line));
                out.write('\n');
            }
        }
    }

    /**
     * {@code ShapesCaptionSet OUT_DIR [COUNT] [SEED] [SIDE]} (defaults 1000, 1, 128): writes the set into
     * OUT_DIR and its manifest beside it as OUT_DIR.jsonl, and prints a summary.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: ShapesCaptionSet OUT_DIR [COUNT] [SEED] [SIDE]");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path folder = Path.of(args[0]).toAbsolutePath().normalize();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int side = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_SIDE;
        List<Item> items = generate(folder, count, seed, side);
        Path manifest = folder.resolveSibling(folder.getFileName() + ".jsonl");
        writeManifest(items, manifest);
        Map<Placement, Integer> placements = new TreeMap<>();
        items.forEach(it -> placements.merge(it.scene().placement(), 1, Integer::sum));
        long captions = items.stream().map(Item::caption).distinct().count();
        System.out.printf("%d pictures (%d x %d px, seed %d) with captions in %s; %d distinct captions; placements %s%n",
                items.size(), side, side, seed, folder, captions, placements);
        System.out.println("manifest with attributes: " + manifest);
        items.stream().limit(5).forEach(it -> System.out.println("  " + it.image().getFileName() + "  " + it.caption()));
    }
}
