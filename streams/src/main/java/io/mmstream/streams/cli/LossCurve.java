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

/**
 * Draws a run's {@code loss.tsv} (a header, then the step and the parts of the loss: VideoBERT's
 * masked tokens and alignment, CLIP's contrastive loss) as a PNG line chart: the total, and each
 * part when there are several.
 */
final class LossCurve {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN = 60;

    private LossCurve() {}

    /** Reads {@code lossFile} and writes the chart to {@code png}. */
    static void draw(Path lossFile, Path png, String title) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(lossFile);
        String[] names = lines.isEmpty() ? new String[0] : lines.get(0).split("\t");
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length == names.length && f.length >= 2 && f[0].matches("\\d+")) {
                double[] r = new double[f.length + 1];
                for (int i = 0; i < f.length; i++) {
                    r[i] = Double.parseDouble(f[i]);
                    // a task not trained yet has no loss (NaN): it adds nothing to the total
                    r[f.length] += i > 0 && Double.isFinite(r[i]) ? r[i] : 0;
                }
                rows.add(r);
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
            int total = names.length;
            double maxLoss = rows.stream().mapToDouble(r -> r[total]).filter(Double::isFinite).max().orElse(1);
            // a part may be negative (UNITER's word-region alignment: right pairs' distance minus wrong pairs')
            double minLoss = Math.min(0, rows.stream().flatMapToDouble(r -> java.util.Arrays.stream(r, 1, total + 1)).filter(Double::isFinite).min().orElse(0));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(String.format(Locale.ROOT, "%.2f", maxLoss), 8, MARGIN + 4);
            g.drawString(String.format(Locale.ROOT, "%.2f", minLoss), 8, HEIGHT - MARGIN + 4);
            g.drawString("step " + (long) maxStep, WIDTH - MARGIN - 40, HEIGHT - MARGIN + 20);
            Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
                new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
            line(g, rows, maxStep, minLoss, maxLoss, r -> r[total], colors[0], total > 2 ? "total" : names[1], 0);
            for (int part = 1; total > 2 && part < total; part++) {
                int column = part;
                line(g, rows, maxStep, minLoss, maxLoss, r -> r[column], colors[part % colors.length], names[part].replace('_', ' '), part);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void line(Graphics2D g, List<double[]> rows, double maxStep, double minLoss, double maxLoss,
            java.util.function.ToDoubleFunction<double[]> value, Color color, String name, int legendRow) {
        Path2D path = new Path2D.Double();
        double plotW = WIDTH - 1.5 * MARGIN;
        double plotH = HEIGHT - 2.0 * MARGIN;
        // at most one point per pixel column: long runs stay readable
        int every = Math.max(1, rows.size() / (int) plotW);
        boolean started = false;
        for (int i = 0; i < rows.size(); i += every) {
            double[] r = rows.get(i);
            double v = value.applyAsDouble(r);
            if (!Double.isFinite(v)) {
                continue;
            }
            double x = MARGIN + plotW * r[0] / Math.max(1, maxStep);
            double y = HEIGHT - MARGIN - plotH * (v - minLoss) / Math.max(1e-9, maxLoss - minLoss);
            if (!started) {
                started = true;
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
