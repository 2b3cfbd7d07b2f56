package io.mmstream.streams.cli;

import io.mmstream.frames.RgbFrame;
import io.mmstream.ingest.DecodeOptions;
import io.mmstream.ingest.MediaDecoder;
import io.mmstream.ingest.MediaException;
import io.mmstream.ingest.MediaSink;
import io.mmstream.ingest.SampledFrame;
import io.mmstream.models.detect.CenterNetDetector;
import io.mmstream.models.detect.Detection;
import io.mmstream.models.detect.DetectionPicture;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mmstream detect IMAGE|VIDEO [--png FILE] [--json]}: the COCO objects the bundled CenterNet finds
 * in a picture, or in a video's frames sampled every {@code --every} seconds. Runs locally: no broker.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Objects (COCO's 80 classes) that the bundled CenterNet detector finds in a picture or a video:"
                + " class, score, box in pixels.")
final class DetectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE|VIDEO", description = "A picture (PNG, JPEG, ...) or a media file or URL.")
    String input;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Write the picture with its boxes drawn (for a video: the sampled frame with the most confident object).")
    Path png;

    @Option(names = "--json", description = "Print JSON: {\"input\", \"width\", \"height\", \"frames\": [{\"time_ms\", \"objects\": [{\"label\", \"class\", \"score\", \"box\"}]}]}.")
    boolean json;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.3",
            description = "Report objects scored at least this (0..1; default: ${DEFAULT-VALUE}).")
    float minScore;

    @Option(names = "--every", paramLabel = "SEC", defaultValue = "1",
            description = "For a video: look at one frame every SEC seconds (default: ${DEFAULT-VALUE}).")
    double every;

    /** The frames looked at, with what was found in each. */
    private record Looked(RgbFrame frame, List<Detection> objects) {}

    @Override
    public Integer call() {
        if (minScore < 0 || minScore > 1) {
            throw new ParameterException(spec.commandLine(), "--min-score must be between 0 and 1, got " + minScore);
        }
        if (every <= 0) {
            throw new ParameterException(spec.commandLine(), "--every must be positive, got " + every);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Looked> looked = new ArrayList<>();
        try (CenterNetDetector detector = CenterNetDetector.bundled()) {
            java.io.File file = new java.io.File(input);
            if (isPicture(input) && file.isFile()) {
                // a still picture is read as it is (FFmpeg would round its sides to even numbers)
                RgbFrame frame = io.mmstream.models.detect.Pictures.read(file.toPath());
                Looked l = new Looked(frame, detector.analyse(frame, minScore).detections());
                looked.add(l);
                if (!json) {
                    print(out, l, false);
                }
            } else {
                decode(detector, looked, out);
            }
        } catch (java.io.IOException e) {
            err.println(e.getMessage());
            return 1;
        } catch (MediaException e) {
            err.println(input + ": " + e.reason());
            return 1;
        }
        return report(looked, out, err);
    }

    /** A video (or a picture FFmpeg reads and Java does not): one frame every {@code --every} seconds. */
    private void decode(CenterNetDetector detector, List<Looked> looked, PrintWriter out) throws MediaException {
        DecodeOptions options = DecodeOptions.defaults().withAudio(false).withMaxSide(1024).withFrameRate(1 / every);
        new MediaDecoder(options).decode(input, new MediaSink() {
            @Override
            public void frame(SampledFrame f) {
                RgbFrame frame = new RgbFrame(f.ptsUs(), f.width(), f.height(), f.rgb());
                Looked l = new Looked(frame, detector.analyse(frame, minScore).detections());
                looked.add(l);
                if (!json) {
                    print(out, l, !isPicture(input));
                }
            }
        });
    }

    private int report(List<Looked> looked, PrintWriter out, PrintWriter err) {
        if (looked.isEmpty()) {
            err.println(input + ": no picture in it");
            return 1;
        }
        if (json) {
            out.println(json(looked));
        }
        if (png != null) {
            Looked best = looked.stream().max(java.util.Comparator.comparingDouble(
                    l -> l.objects().isEmpty() ? -1 : l.objects().get(0).score())).orElseThrow();
            try {
                DetectionPicture.write(best.frame(), best.objects(), png);
            } catch (java.io.IOException e) {
                err.println(png + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private void print(PrintWriter out, Looked l, boolean video) {
        String time = video ? String.format(Locale.ROOT, "%8.2fs  ", l.frame().ptsUs() / 1e6) : "";
        if (l.objects().isEmpty()) {
            out.println(time + "(nothing at or above " + minScore + ")");
        }
        for (Detection d : l.objects()) {
            out.printf(Locale.ROOT, "%s%-14s %.2f  [%d, %d, %d, %d]%n", time, d.label(), d.score(),
                    Math.round(d.x1() * l.frame().width()), Math.round(d.y1() * l.frame().height()),
                    Math.round(d.x2() * l.frame().width()), Math.round(d.y2() * l.frame().height()));
        }
        out.flush();
    }

    private static boolean isPicture(String input) {
        return input.toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|gif|bmp|webp|tiff?)$");
    }

    private String json(List<Looked> looked) {
        RgbFrame first = looked.get(0).frame();
        String frames = looked.stream().map(l -> String.format(Locale.ROOT, "{\"time_ms\":%d,\"objects\":[%s]}",
                l.frame().ptsUs() / 1000, l.objects().stream().map(d -> d.toJson(l.frame().width(), l.frame().height()))
                        .collect(Collectors.joining(",")))).collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "{\"input\":%s,\"width\":%d,\"height\":%d,\"frames\":[%s]}",
                quote(input), first.width(), first.height(), frames);
    }

    /** {@code s} as a JSON string (a path may hold quotes, backslashes or control characters). */
    private static String quote(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
