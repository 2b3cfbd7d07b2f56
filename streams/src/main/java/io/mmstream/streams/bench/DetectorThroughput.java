package io.mmstream.streams.bench;

import io.mmstream.frames.RgbFrame;
import io.mmstream.models.detect.CenterNetDetector;
import io.mmstream.models.detect.Detection;
import io.mmstream.models.detect.Pictures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Frames per second of the bundled CenterNet on this machine's CPU (512x512 input), for
 * bench/detector-speed.sh, which runs TensorFlow.js on the same model and pictures in the same run.
 *
 * <p>Usage: {@code DetectorThroughput FRAMES PICTURE...}: one untimed pass over the pictures (engine
 * start, first-run allocations), then FRAMES timed detections cycling through them. Prints each
 * picture's top object, the per-frame times' median and p95, and {@code fps=...}.
 */
public final class DetectorThroughput {

    private DetectorThroughput() {}

    public static void main(String[] args) throws Exception {
        int frames = Integer.parseInt(args[0]);
        List<RgbFrame> pictures = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            pictures.add(Pictures.read(Path.of(args[i])));
        }
        try (CenterNetDetector detector = CenterNetDetector.bundled()) {
            for (int i = 0; i < pictures.size(); i++) {
                List<Detection> found = detector.detect(pictures.get(i));
                System.out.printf(Locale.ROOT, "%s: %s%n", Path.of(args[i + 1]).getFileName(),
                        found.isEmpty() ? "nothing" : found.get(0).label() + String.format(Locale.ROOT, " %.4f", found.get(0).score()));
            }
            double[] ms = new double[frames];
            long start = System.nanoTime();
            for (int f = 0; f < frames; f++) {
                long t0 = System.nanoTime();
                detector.detect(pictures.get(f % pictures.size()));
                ms[f] = (System.nanoTime() - t0) / 1e6;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "frames=%d median_ms=%.1f p95_ms=%.1f fps=%.2f%n",
                    frames, ms[frames / 2], ms[Math.min(frames - 1, (int) Math.ceil(frames * 0.95) - 1)], frames / seconds);
        }
    }
}
