package io.mmstream.streams.cli;

import io.mmstream.asr.captions.CaptionFormat;
import io.mmstream.asr.captions.CaptionWriter;
import io.mmstream.asr.captions.Cue;
import io.mmstream.ingest.MediaLocations;
import io.mmstream.streams.records.Caption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the cues of {@code live} go, written and flushed as each arrives: one WebVTT file per
 * stream (final cues), and JSON lines of every cue of every stream (a file, or standard output
 * when no file is named).
 *
 * <p>With several streams, the WebVTT path is a folder holding {@code <n>-<name>.vtt} for the
 * n-th stream, counted from 1 in the order given.
 *
 * <p>A final cue sent again with the same start corrects the first (the recogniser changed words
 * already sent): it goes to the JSON lines, whose readers replace the cue with that start, but not to
 * the WebVTT file, which players may be reading as it grows and which is only ever appended to. A
 * final cue that starts inside the last one written (the recogniser cut its words anew) is shown from
 * that one's end, so the file's cues never overlap.
 */
final class LiveOutputs implements AutoCloseable {

    private final List<Writer> opened = new ArrayList<>();
    private final Map<String, CaptionWriter> vttWriters = new HashMap<>();
    private final Map<String, CaptionWriter> jsonWriters = new HashMap<>();
    /** Per stream, the start and the end of the last cue written to its WebVTT file. */
    private final Map<String, long[]> vttWritten = new HashMap<>();

    LiveOutputs(List<String> urls, Path vtt, Path jsonl, Writer stdout) throws IOException {
        if (vtt != null) {
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                Path file = urls.size() == 1 ? vtt : vtt.resolve((i + 1) + "-" + fileName(url) + ".vtt");
                CaptionWriter writer = new CaptionWriter(open(file), CaptionFormat.VTT, url);
                writer.header();
                vttWriters.put(url, writer);
            }
        }
        Writer json = jsonl != null ? open(jsonl) : vtt == null ? stdout : null;
        if (json != null) {
            for (String url : urls) {
                jsonWriters.put(url, new CaptionWriter(json, CaptionFormat.JSONL, url));
            }
        }
    }

    private Writer open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        opened.add(w);
        return w;
    }

    private static String fileName(String url) {
        String base = MediaLocations.safeBaseName(url);
        return base.isEmpty() ? "stream" : base;
    }

    /** Writes one caption record of stream {@code url}: every cue as JSON, final cues to its WebVTT file. */
    void write(String url, Caption caption) {
        if (caption.getEndOfStream()) {
            return;
        }
        Cue cue = new Cue(caption.getStartUs(), caption.getEndUs(), caption.getLines(), caption.getIsFinal());
        long now = System.currentTimeMillis();
        try {
            CaptionWriter json = jsonWriters.get(url);
            if (json != null) {
                json.cue(cue, now);
            }
            CaptionWriter vtt = vttWriters.get(url);
            long[] last = vttWritten.getOrDefault(url, new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
            if (vtt != null && cue.isFinal() && cue.startUs() > last[0] && cue.endUs() > last[1]) {
                // a cue the recogniser cut anew may start inside the last one written: it shows from that one's end
                Cue shown = cue.startUs() >= last[1] ? cue : new Cue(last[1], cue.endUs(), cue.lines(), true);
                vtt.cue(shown, now);
                vttWritten.put(url, new long[] {cue.startUs(), cue.endUs()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write captions: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Writer w : opened) {
            w.close();
        }
    }
}
