package io.mmstream.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks Debian's ffprobe what a file holds: the independent reference the decoder tests compare with. */
public final class Ffprobe {

    private Ffprobe() {}

    /** One video frame as ffprobe sees it: timestamp relative to the container start, and size. */
    public record ProbedFrame(long ptsUs, int width, int height) {}

    /** Every video frame of the first video stream, in presentation order. */
    public static List<ProbedFrame> videoFrames(Path file) {
        double start = Double.parseDouble(run("-show_entries", "format=start_time", "-of", "csv=p=0", file.toString()).strip());
        List<ProbedFrame> frames = new ArrayList<>();
        // flat output names each field, so the parse does not depend on ffprobe's field order
        String out = run("-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time,width,height",
                "-of", "flat", file.toString());
        java.util.Map<String, java.util.Map<String, String>> byFrame = new java.util.TreeMap<>();
        for (String line : out.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("frames\\.frame\\.(\\d+)\\.(\\w+)=\"?([^\"]*)\"?").matcher(line.strip());
            if (m.matches()) {
                byFrame.computeIfAbsent(String.format("%09d", Integer.parseInt(m.group(1))), k -> new java.util.HashMap<>())
                        .put(m.group(2), m.group(3));
            }
        }
        for (java.util.Map<String, String> f : byFrame.values()) {
            frames.add(new ProbedFrame(Math.round((Double.parseDouble(f.get("best_effort_timestamp_time")) - start) * 1e6),
                    Integer.parseInt(f.get("width")), Integer.parseInt(f.get("height"))));
        }
        frames.sort(java.util.Comparator.comparingLong(ProbedFrame::ptsUs));
        return frames;
    }

    /** Duration of the first audio stream in microseconds. */
    public static long audioDurationUs(Path file) {
        String out = run("-select_streams", "a:0", "-show_entries", "stream=duration", "-of", "csv=p=0", file.toString()).strip();
        if (out.isEmpty() || out.equals("N/A")) {
            out = run("-show_entries", "format=duration", "-of", "csv=p=0", file.toString()).strip();
        }
        return Math.round(Double.parseDouble(out) * 1e6);
    }

    private static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ffprobe failed: " + command + "\n"
                        + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("ffprobe is needed by this test (apt-get install ffmpeg)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
