package io.mmstream.streams.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A picture of visual words, as in VideoBERT's figure: one row per word, its label and thumbnails of
 * clips that became that word.
 */
final class VisualWordSheet {

    /** One row: the word, how many clips it has, and thumbnails (packed RGB24 frames). */
    record Row(int token, long clips, List<Thumbnail> thumbnails) {}

    /** A frame to show. */
    record Thumbnail(int width, int height, byte[] rgb) {}

    private static final int LABEL_WIDTH = 170;
    private static final int THUMB_WIDTH = 112;
    private static final int PADDING = 6;

    private VisualWordSheet() {}

    static void write(String title, List<Row> rows, int perRow, Path png) throws IOException {
        int thumbHeight = THUMB_WIDTH * 9 / 16;
        int width = LABEL_WIDTH + perRow * (THUMB_WIDTH + PADDING) + PADDING;
        int height = 30 + rows.size() * (thumbHeight + PADDING) + PADDING;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, PADDING, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int y = 30;
            for (Row row : rows) {
                g.setColor(Color.BLACK);
                g.drawString("word " + row.token(), PADDING, y + thumbHeight / 2 - 2);
                g.drawString(row.clips() + " clips", PADDING, y + thumbHeight / 2 + 14);
                int x = LABEL_WIDTH;
                for (Thumbnail t : row.thumbnails()) {
                    int h = Math.min(thumbHeight, Math.max(1, THUMB_WIDTH * t.height() / t.width()));
                    g.drawImage(image(t), x, y + (thumbHeight - h) / 2, THUMB_WIDTH, h, null);
                    x += THUMB_WIDTH + PADDING;
                }
                y += thumbHeight + PADDING;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(sheet, "png", png.toFile());
    }

    private static BufferedImage image(Thumbnail t) {
        BufferedImage image = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[t.width() * t.height()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (t.rgb()[i * 3] & 0xFF) << 16 | (t.rgb()[i * 3 + 1] & 0xFF) << 8 | (t.rgb()[i * 3 + 2] & 0xFF);
        }
        image.setRGB(0, 0, t.width(), t.height(), pixels, 0, t.width());
        return image;
    }
}
