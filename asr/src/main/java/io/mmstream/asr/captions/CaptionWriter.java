package io.mmstream.asr.captions;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes cues as WebVTT, SRT or JSON lines, one cue at a time so a file can grow while a stream runs.
 *
 * <p>JSON lines follow the CLI contract: {@code {"video", "start_ms", "end_ms", "text", "final", "emitted_at"}}.
 */
public final class CaptionWriter {

    private final Writer out;
    private final CaptionFormat format;
    private final String video;
    private int written;

    public CaptionWriter(Writer out, CaptionFormat format, String video) {
        this.out = out;
        this.format = format;
        this.video = video;
    }

    /** Writes what precedes the first cue (the WebVTT header). */
    public void header() throws IOException {
        if (format == CaptionFormat.VTT) {
            out.write("WEBVTT\n\n");
        }
        out.flush();
    }

    /** Writes one cue; {@code emittedAtMs} is when it left mmstream, milliseconds since the epoch. */
    public void cue(Cue cue, long emittedAtMs) throws IOException {
        written++;
        switch (format) {
            case VTT -> out.write(timestamp(cue.startUs(), '.') + " --> " + timestamp(cue.endUs(), '.') + "\n"
                    + String.join("\n", clean(cue.lines())) + "\n\n");
            case SRT -> out.write(written + "\n" + timestamp(cue.startUs(), ',') + " --> " + timestamp(cue.endUs(), ',')
                    + "\n" + String.join("\n", clean(cue.lines())) + "\n\n");
            case JSONL -> out.write("{\"video\":" + json(video)
                    + ",\"start_ms\":" + cue.startUs() / 1000
                    + ",\"end_ms\":" + cue.endUs() / 1000
                    + ",\"text\":" + json(cue.text())
                    + ",\"final\":" + cue.isFinal()
                    + ",\"emitted_at\":" + emittedAtMs + "}\n");
        }
        out.flush();
    }

    /** Cues of one media in time order, each ended no later than the next one starts. */
    public static List<Cue> ordered(List<Cue> cues) {
        List<Cue> sorted = new ArrayList<>(cues);
        sorted.sort(Comparator.comparingLong(Cue::startUs));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Cue cue = sorted.get(i);
            long next = sorted.get(i + 1).startUs();
            if (cue.endUs() > next) {
                sorted.set(i, cue.withEnd(Math.max(cue.startUs(), next)));
            }
        }
        return sorted;
    }

    /** {@code HH:MM:SS.mmm} (WebVTT) or {@code HH:MM:SS,mmm} (SRT). */
    static String timestamp(long us, char separator) {
        long ms = Math.max(0, us / 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d",
                ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, separator, ms % 1000);
    }

    /** A blank line or "-->" inside a cue would end it early in WebVTT and SRT. */
    private static List<String> clean(List<String> lines) {
        return lines.stream().map(l -> l.replace("-->", "->").replace("\n", " ")).toList();
    }

    /** {@code s} as a JSON string literal. */
    public static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
