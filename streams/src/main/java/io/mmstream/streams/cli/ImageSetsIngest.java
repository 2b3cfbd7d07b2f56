package io.mmstream.streams.cli;

import io.mmstream.ingest.imagetext.ImageTextOptions;
import io.mmstream.streams.ingest.ImageTextIngest;
import io.mmstream.streams.kafka.RecordSender;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ProgressBar;

/**
 * The image-caption sets of an {@code ingest} command, one after another on the command's runtime:
 * each bad item's line on stderr as it is found, a progress bar per set on a terminal, and one
 * summary line per set on stdout once the derived records are in.
 */
final class ImageSetsIngest {

    private final List<String> sets;
    private final ImageTextOptions options;
    private final boolean progress;
    private final List<ImageTextIngest.Summary> summaries = new ArrayList<>();

    ImageSetsIngest(List<String> sets, ImageTextOptions options, boolean progress) {
        this.sets = sets;
        this.options = options;
        this.progress = progress;
    }

    /** Ingests every set; returns how many failed (a set fails when any of its items does). */
    int run(MmstreamRuntime runtime, BooleanSupplier stop, PrintWriter err) {
        int failed = 0;
        try (RecordSender sender = runtime.ingestSender()) {
            ImageTextIngest job = new ImageTextIngest(sender, options, stop);
            for (String set : sets) {
                if (stop.getAsBoolean()) {
                    break;
                }
                ImageTextIngest.Summary s;
                try (ProgressBar bar = progress ? ProgressBars.onStderr(label(set), 0, " items").showSpeed().build() : null) {
                    s = job.run(set, line -> {
                        // over the bar's line (carriage return, erase the line): the bar redraws below
                        err.println(bar == null ? line : "\r\033[K" + line);
                        err.flush();
                    }, bar == null ? () -> {} : bar::step);
                }
                summaries.add(s);
                if (s.failure() != null) {
                    err.println(set + ": " + s.failure());
                }
                if (s.failed()) {
                    failed++;
                }
            }
        }
        MmstreamRuntime.phase("image-caption sets written");
        return failed;
    }

    /** One line per set: {@code sets/shapes: 120 image-caption pairs ingested, 3 skipped}. */
    void printSummaries(PrintWriter out) {
        for (ImageTextIngest.Summary s : summaries) {
            String failure = s.failure() == null ? ""
                    : (s.ingested() + s.skipped() == 0 ? "; cannot be read: " : "; not read to its end: ") + s.failure();
            out.printf(Locale.ROOT, "%s: %d image-caption pair%s ingested, %d skipped%s%n", s.input(), s.ingested(),
                    s.ingested() == 1 ? "" : "s", s.skipped(), failure);
        }
    }

    private static String label(String set) {
        String name = io.mmstream.ingest.MediaLocations.baseName(set);
        return name.length() > 24 ? name.substring(0, 21) + "..." : name;
    }
}
