package io.mmstream.streams.cli;

import io.mmstream.frames.RgbFrame;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Pictures as PNG files: one picture, or a contact sheet of samples in a row, each with its caption line (its rank and score). */
final class ContactSheet {

    private static final int LABEL = 18;
    private static final int GAP = 6;

    private ContactSheet() {}

    /** {@code picture} as an image. */
    static BufferedImage image(RgbFrame picture) {
        BufferedImage image = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = picture.rgb();
        for (int y = 0; y < picture.height(); y++) {
            for (int x = 0; x < picture.width(); x++) {
                int at = (y * picture.width() + x) * 3;
                image.setRGB(x, y, (rgb[at] & 0xff) << 16 | (rgb[at + 1] & 0xff) << 8 | (rgb[at + 2] & 0xff));
            }
        }
        return image;
    }

    /** Writes {@code picture} to {@code png} (folders made as needed). */
    static void write(RgbFrame picture, Path png) throws IOException {
        write(image(picture), png);
    }

    /** Writes the pictures side by side, each with its label below, under a title line. */
    static void write(List<RgbFrame> pictures, List<String> labels, String title, Path png) throws IOException {
        int side = pictures.get(0).width();
        int columns = Math.min(8, pictures.size());
        int rows = (pictures.size() + columns - 1) / columns;
        int width = Math.max(columns * (side + GAP) + GAP, 360);
        int height = LABEL + GAP + rows * (side + LABEL + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, GAP, LABEL - 4);
        for (int i = 0; i < pictures.size(); i++) {
            int x = GAP + (i % columns) * (side + GAP);
            int y = LABEL + GAP + (i / columns) * (side + LABEL + GAP);
            g.drawImage(image(pictures.get(i)), x, y, null);
            g.drawString(labels.get(i), x, y + side + LABEL - 5);
        }
        g.dispose();
        write(sheet, png);
    }

    private static void write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /** A score as a sheet shows it. */
    static String score(float score) {
        return String.format(Locale.ROOT, "%.3f", score);
    }
}
