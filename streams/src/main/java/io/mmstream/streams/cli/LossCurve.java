package io.mmstream.streams.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws a run's {@code loss.tsv} (step, masked-token loss, alignment loss) as a PNG line chart. */
final class LossCurve {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN = 60;

    private LossCurve() {}

    /** Reads {@code lossFile} and writes the chart to {@code png}. */
    static void draw(Path lossFile, Path png, String title) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(lossFile)) {
            String[] f = line.split("\t");
            if (f.length == 3 && f[0].matches("\\d+")) {
                rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            }
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(title, MARGIN, 30);
        g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN / 2, HEIGHT - MARGIN);
        g.drawLine(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN);
        if (!rows.isEmpty()) {
            double maxStep = rows.get(rows.size() - 1)[0];
            double maxLoss = rows.stream().mapToDouble(r -> r[1] + r[2]).max().orElse(1);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(String.format(Locale.ROOT, "%.2f", maxLoss), 8, MARGIN + 4);
            g.drawString("0", 40, HEIGHT - MARGIN + 4);
            g.drawString("step " + (long) maxStep, WIDTH - MARGIN - 40, HEIGHT - MARGIN + 20);
            line(g, rows, maxStep, maxLoss, r -> r[1] + r[2], new Color(0x1f77b4), "total", 0);
            line(g, rows, maxStep, maxLoss, r -> r[1], new Color(0xff7f0e), "masked tokens", 1);
            line(g, rows, maxStep, maxLoss, r -> r[2], new Color(0x2ca02c), "alignment", 2);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void line(Graphics2D g, List<double[]> rows, double maxStep, double maxLoss,
            java.util.function.ToDoubleFunction<double[]> value, Color color, String name, int legendRow) {
        Path2D path = new Path2D.Double();
        double plotW = WIDTH - 1.5 * MARGIN;
        double plotH = HEIGHT - 2.0 * MARGIN;
        // at most one point per pixel column: long runs stay readable
        int every = Math.max(1, rows.size() / (int) plotW);
        for (int i = 0; i < rows.size(); i += every) {
            double[] r = rows.get(i);
            double x = MARGIN + plotW * r[0] / Math.max(1, maxStep);
            double y = HEIGHT - MARGIN - plotH * value.applyAsDouble(r) / Math.max(1e-9, maxLoss);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(path);
        int y = MARGIN + 16 * legendRow;
        g.drawLine(WIDTH - 200, y, WIDTH - 180, y);
        g.drawString(name, WIDTH - 175, y + 4);
    }
}
