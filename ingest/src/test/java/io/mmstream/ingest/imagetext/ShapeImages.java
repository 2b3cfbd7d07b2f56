package io.mmstream.ingest.imagetext;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Seeded generated pictures of coloured shapes with compositional captions ("a red circle at the
 * top left"), encoded as PNG or JPEG, and WebDataset-style tar files: test data for image-text sets,
 * shared with the streams module's tests.
 */
public final class ShapeImages {

    /** The colours drawn, by name. */
    public static final Map<String, Color> COLORS = Map.of("red", new Color(220, 30, 30), "green", new Color(30, 170, 40),
            "blue", new Color(30, 60, 220), "yellow", new Color(240, 220, 30));
    /** The shapes drawn. */
    public static final List<String> SHAPES = List.of("circle", "square", "triangle");
    private static final List<String> COLOR_NAMES = List.of("red", "green", "blue", "yellow");
    private static final List<String> PLACES = List.of("top left", "top right", "bottom left", "bottom right", "centre");

    private ShapeImages() {}

    /**
     * One generated picture and its caption.
     *
     * @param name a file-name stem ({@code shape-0003})
     * @param caption e.g. "a red circle at the top left"
     * @param image the picture
     */
    public record Sample(String name, String caption, BufferedImage image) {}

    /**
     * {@code n} samples of {@code width x height}, the same for the same seed; the first 60 (every
     * colour, shape and place once) are all different, then they repeat.
     */
    public static List<Sample> samples(int n, int width, int height, long seed) {
        List<String[]> combos = new ArrayList<>();
        for (String color : COLOR_NAMES) {
            for (String shape : SHAPES) {
                for (String place : PLACES) {
                    combos.add(new String[] {color, shape, place});
                }
            }
        }
        java.util.Collections.shuffle(combos, new Random(seed));
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] c = combos.get(i % combos.size());
            out.add(new Sample(String.format("shape-%04d", i), "a " + c[0] + " " + c[1] + " at the " + c[2],
                    draw(width, height, COLORS.get(c[0]), c[1], c[2])));
        }
        return out;
    }

    /** A white picture with one {@code shape} of {@code color} at {@code place}. */
    public static BufferedImage draw(int width, int height, Color color, String shape, String place) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int size = Math.min(width, height) / 2;
        int x = place.endsWith("left") ? 0 : place.endsWith("right") ? width - size : (width - size) / 2;
        int y = place.startsWith("top") ? 0 : place.startsWith("bottom") ? height - size : (height - size) / 2;
        g.setColor(color);
        switch (shape) {
            case "circle" -> g.fillOval(x, y, size, size);
            case "square" -> g.fillRect(x, y, size, size);
            default -> g.fillPolygon(new int[] {x, x + size / 2, x + size}, new int[] {y + size, y, y + size}, 3);
        }
        g.dispose();
        return image;
    }

    /** A plain picture of one colour. */
    public static BufferedImage plain(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** {@code image} encoded as {@code format} ({@code png}, {@code jpg}, {@code bmp}, {@code gif}). */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes a tar file of {@code members} (name to bytes) in their order, as a WebDataset shard is. */
    public static void writeTar(Path tar, Map<String, byte[]> members) {
        try (OutputStream file = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(m.getKey());
                entry.setSize(m.getValue().length);
                out.putArchiveEntry(entry);
                out.write(m.getValue());
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
