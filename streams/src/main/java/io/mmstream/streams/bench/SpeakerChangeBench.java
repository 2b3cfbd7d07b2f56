package io.mmstream.streams.bench;

import io.mmstream.asr.speakers.BicChangePoint;
import io.mmstream.asr.speakers.SpeakerChangeDetector;
import io.mmstream.asr.speakers.SpeechFrameGate;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Speaker-change detection on recordings with known changes: detection rate (a change found within 1 s
 * of a true one), false changes per minute of audio, and the detector's CPU per second of audio.
 *
 * <p>Usage: {@code SpeakerChangeBench [--lambda L] [--min-speech FRAMES] [--window FRAMES]
 * [--covariance full|diagonal] FILE.s16le[@CHANGE_S,CHANGE_S...]...}: 16 kHz mono s16le files, each
 * with the times of its true changes (none: one speaker). Prints one line per file and a total line.
 */
public final class SpeakerChangeBench {

    private static final long TOLERANCE_US = 1_000_000;

    private SpeakerChangeBench() {}

    public static void main(String[] args) throws Exception {
        double lambda = SpeakerChangeDetector.LAMBDA;
        int minSpeech = SpeakerChangeDetector.MIN_SPEECH_FRAMES;
        int window = SpeakerChangeDetector.MAX_WINDOW_FRAMES;
        int cepstra = SpeakerChangeDetector.CEPSTRA;
        BicChangePoint.Covariance covariance = BicChangePoint.Covariance.FULL;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lambda" -> lambda = Double.parseDouble(args[++i]);
                case "--min-speech" -> minSpeech = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--cepstra" -> cepstra = Integer.parseInt(args[++i]);
                case "--covariance" -> covariance = BicChangePoint.Covariance.valueOf(args[++i].toUpperCase(Locale.ROOT));
                default -> files.add(args[i]);
            }
        }
        var threads = ManagementFactory.getThreadMXBean();
        int truths = 0;
        int found = 0;
        int falseChanges = 0;
        double seconds = 0;
        long cpuNs = 0;
        for (String spec : files) {
            String[] parts = spec.split("@", 2);
            List<Long> truth = new ArrayList<>();
            if (parts.length > 1) {
                for (String t : parts[1].split(",")) {
                    truth.add(Math.round(Double.parseDouble(t) * 1e6));
                }
            }
            byte[] pcm = Files.readAllBytes(Path.of(parts[0]));
            SpeakerChangeDetector detector = new SpeakerChangeDetector(cepstra, SpeakerChangeDetector.gate(),
                    new BicChangePoint(covariance, lambda, minSpeech, SpeakerChangeDetector.STRIDE), window, SpeakerChangeDetector.STEP);
            List<Long> changes = new ArrayList<>();
            long cpu0 = threads.getCurrentThreadCpuTime();
            int chunk = 3200; // 100 ms, as live audio comes
            for (int off = 0; off < pcm.length; off += chunk) {
                int n = Math.min(chunk, pcm.length - off);
                byte[] part = java.util.Arrays.copyOfRange(pcm, off, off + n);
                changes.addAll(detector.accept(off / 2 * 1_000_000L / 16_000, part, n));
            }
            cpuNs += threads.getCurrentThreadCpuTime() - cpu0;
            double fileSeconds = pcm.length / 2 / 16_000.0;
            seconds += fileSeconds;
            int hits = 0;
            List<Long> unmatched = new ArrayList<>(changes);
            for (long t : truth) {
                Long near = unmatched.stream().filter(c -> Math.abs(c - t) <= TOLERANCE_US)
                        .min((a, b) -> Long.compare(Math.abs(a - t), Math.abs(b - t))).orElse(null);
                if (near != null) {
                    hits++;
                    unmatched.remove(near);
                }
            }
            truths += truth.size();
            found += hits;
            falseChanges += unmatched.size();
            System.out.printf(Locale.ROOT, "%s: %.1f s, true changes %s, found %s, hits %d/%d, false %d%n",
                    Path.of(parts[0]).getFileName(), fileSeconds, seconds(truth), seconds(changes), hits, truth.size(), unmatched.size());
        }
        System.out.printf(Locale.ROOT,
                "total: lambda %.2f, %d cepstra, min speech %d frames, window %d, %s: detected %d/%d (%.0f%%), false changes %d in %.1f s (%.2f/min), detector CPU %.2f ms per audio second%n",
                lambda, cepstra, minSpeech, window, covariance, found, truths, truths == 0 ? 0 : 100.0 * found / truths, falseChanges, seconds,
                falseChanges * 60 / seconds, cpuNs / 1e6 / seconds);
    }

    private static String seconds(List<Long> times) {
        List<String> s = new ArrayList<>();
        for (long t : times) {
            s.add(String.format(Locale.ROOT, "%.2f", t / 1e6));
        }
        return s.toString();
    }
}
