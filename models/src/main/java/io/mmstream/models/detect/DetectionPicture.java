package io.mmstream.models.detect;

import io.mmstream.frames.RgbFrame;
import java.awt.BasicStroke;
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

/** A picture with its detections drawn on it: a box and a "label score" tag per object, a colour per class. */
public final class DetectionPicture {

    private DetectionPicture() {}

    /** Draws {@code objects} on {@code frame} and writes a PNG to {@code file} (its folder is made if missing). */
    public static void write(RgbFrame frame, List<Detection> objects, Path file) throws IOException {
        BufferedImage image = Pictures.toImage(frame);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int stroke = Math.max(2, Math.min(frame.width(), frame.height()) / 150);
        g.setStroke(new BasicStroke(stroke));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, frame.height() / 30)));
        // the best last, so its tag is on top where boxes share a corner
        for (int i = objects.size() - 1; i >= 0; i--) {
            Detection d = objects.get(i);
            Color colour = Color.getHSBColor((d.classId() * 0.618034f) % 1f, 0.9f, 1f);
            int x = Math.round(d.x1() * frame.width());
            int y = Math.round(d.y1() * frame.height());
            int w = Math.round((d.x2() - d.x1()) * frame.width());
            int h = Math.round((d.y2() - d.y1()) * frame.height());
            g.setColor(colour);
            g.drawRect(x, y, w, h);
            String tag = String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
            int tw = g.getFontMetrics().stringWidth(tag) + 6;
            int th = g.getFontMetrics().getHeight();
            int ty = y >= th ? y - th : y;
            g.fillRect(x, ty, tw, th);
            g.setColor(Color.BLACK);
            g.drawString(tag, x + 3, ty + g.getFontMetrics().getAscent());
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
