package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmstream.streams.records.Caption;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where live cues go: a correction (a final cue sent again with the same start) reaches the JSON lines, not the WebVTT file. */
class LiveOutputsTest {

    @TempDir
    Path work;

    private static Caption cue(long startMs, String text, boolean isFinal) {
        return cue(startMs, startMs + 2_000, text, isFinal);
    }

    private static Caption cue(long startMs, long endMs, String text, boolean isFinal) {
        return Caption.newBuilder().setVideoId("v").setStartUs(startMs * 1000).setEndUs(endMs * 1000)
                .setLines(List.of(text)).setIsFinal(isFinal).setEndOfStream(false).setEmittedAtMs(0).build();
    }

    @Test
    void aCorrectionGoesToTheJsonLinesAndTheWebVttFileIsOnlyAppendedTo() throws Exception {
        String url = "udp://127.0.0.1:5000";
        Path vtt = work.resolve("talk.vtt");
        Path jsonl = work.resolve("talk.jsonl");
        try (LiveOutputs outputs = new LiveOutputs(List.of(url), vtt, jsonl, new StringWriter())) {
            outputs.write(url, cue(1000, "respectable then he was", true));
            outputs.write(url, cue(3000, "he was not", false));
            outputs.write(url, cue(1000, "respectable than he was", true)); // the correction
            outputs.write(url, cue(3000, "he was not an ill disposed young man", true));
        }
        List<String> json = Files.readAllLines(jsonl);
        assertEquals(4, json.size(), "every cue in the JSON lines");
        assertTrue(json.get(2).contains("\"start_ms\":1000,") && json.get(2).contains("\"text\":\"respectable than he was\"")
                && json.get(2).contains("\"final\":true"), json.get(2));
        assertEquals("WEBVTT\n\n"
                + "00:00:01.000 --> 00:00:03.000\nrespectable then he was\n\n"
                + "00:00:03.000 --> 00:00:05.000\nhe was not an ill disposed young man\n\n", Files.readString(vtt));
    }

    @Test
    void aCueCutAnewInsideTheLastOneWrittenShowsFromItsEndSoNoneOverlap() throws Exception {
        String url = "rtsp://127.0.0.1:8554/s";
        Path vtt = work.resolve("s.vtt");
        try (LiveOutputs outputs = new LiveOutputs(List.of(url), vtt, null, new StringWriter())) {
            outputs.write(url, cue(5200, "and mister john dashwood", true)); // 5.2 -> 7.2 s
            outputs.write(url, cue(6000, "dashwood had then", true)); // cut anew: starts inside it
            outputs.write(url, cue(6500, 7800, "had", true)); // wholly inside what is written: nothing new
        }
        assertEquals("WEBVTT\n\n"
                + "00:00:05.200 --> 00:00:07.200\nand mister john dashwood\n\n"
                + "00:00:07.200 --> 00:00:08.000\ndashwood had then\n\n", Files.readString(vtt));
        assertEquals(2, WebVtt.parse(Files.readString(vtt)).size(), "cues that do not overlap");
    }
}
