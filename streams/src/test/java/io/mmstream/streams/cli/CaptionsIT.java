package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.asr.VoskModels;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Real recorded speech through the whole path: container -> FFmpeg -> Kafka (embedded broker) -> Vosk
 * -> caption file, in MP4 (H.264 + AAC) and WebM (VP9 + Opus), then JSON lines on a second run.
 * The tests run at the same time (the class still runs alone), each with a broker of its own.
 */
class CaptionsIT {

    /** A stretch of speech in the fixture, from samples/dashwood.segments.tsv. */
    record Segment(double start, double end, String text) {}

    @TempDir
    Path work;

    static List<Segment> segments() throws Exception {
        List<Segment> segments = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.sample("dashwood.segments.tsv"))) {
            String[] f = line.split("\t");
            if (!f[0].equals("start_s")) {
                segments.add(new Segment(Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2]));
            }
        }
        return segments;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void speechInMp4AndWebmIsCaptionedAccuratelyAndOnTime() throws Exception {
        Path mp4 = Fixtures.sample("dashwood.mp4");
        Path webm = Fixtures.media("dashwood.webm");
        Path outDir = work.resolve("out");
        CliRun run = CliRun.of("--data-dir", work.resolve("data").toString(),
                "captions", mp4.toString(), webm.toString(), "--out-dir", outDir.toString());
        assertEquals(0, run.exitCode(), run.err());

        List<Segment> segments = segments();
        String reference = segments.stream().map(Segment::text).collect(Collectors.joining(" "));
        Path cache = work.resolve("data").resolve("cache");
        assertTrue(Files.isDirectory(cache.resolve("vosk-model-en-us-" + VoskModels.SMALL_EN_VERSION + "-chunks-"
                + VoskModels.FILE_FRAMES_PER_CHUNK)), "captions recognise files with the model's view for files");
        for (Path[] pair : new Path[][] {{mp4, outDir.resolve("dashwood.vtt")}, {webm, outDir.resolve("dashwood-2.vtt")}}) {
            Path vtt = pair[1];
            List<WebVtt.Cue> cues = WebVtt.parse(Files.readString(vtt));
            String heard = cues.stream().map(WebVtt.Cue::text).collect(Collectors.joining(" "));
            assertHearsWhatVoskHears(reference, heard, RawVosk.heard(pair[0], cache), vtt);
            assertCueTimesFollowTheSpeech(vtt, cues, segments);
        }
    }

    /**
     * The captions' WER is at most 0.01 above raw Vosk's on the same audio: the path through Kafka loses,
     * reorders or duplicates no audio (the pipeline's loss, not the recogniser's, is what this bounds).
     */
    private static void assertHearsWhatVoskHears(String reference, String heard, String rawHeard, Object what) {
        double wer = WordErrorRate.of(reference, heard);
        double raw = WordErrorRate.of(reference, rawHeard);
        assertTrue(!heard.isBlank() && wer <= raw + 0.01,
                what + ": WER " + wer + ", raw Vosk's " + raw + "\ncaptions: " + heard + "\nraw Vosk: " + rawHeard);
    }

    /** Each stretch of speech is covered by cues starting and ending within 0.5 s of it. */
    private static void assertCueTimesFollowTheSpeech(Path vtt, List<WebVtt.Cue> cues, List<Segment> segments) {
        for (WebVtt.Cue cue : cues) {
            assertTrue(segments.stream().anyMatch(s -> cue.start() >= s.start() - 0.5 && cue.start() <= s.end() + 0.5),
                    vtt + ": cue outside any speech: " + cue);
        }
        for (Segment s : segments) {
            List<WebVtt.Cue> inside = cues.stream()
                    .filter(c -> c.start() >= s.start() - 0.5 && c.start() <= s.end() + 0.5).toList();
            assertTrue(!inside.isEmpty(), vtt + ": no cue for speech " + s);
            WebVtt.Cue first = inside.get(0);
            WebVtt.Cue last = inside.get(inside.size() - 1);
            assertEquals(s.start(), first.start(), 0.5, vtt + ": cue start vs speech start " + s);
            // the last cue ends with the last word, unless stretched to the 1 s minimum of a cue
            double latestEnd = Math.max(s.end() + 0.5, last.start() + 1.0 + 1e-3);
            assertTrue(last.end() >= s.end() - 0.5 && last.end() <= latestEnd,
                    vtt + ": cue end " + last.end() + " vs speech end " + s);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void jsonLinesFollowTheContractAndASecondCommandReusesTheDataDir() throws Exception {
        Path data = work.resolve("data");
        Path ogg = Fixtures.media("audio-only.ogg");
        Path jsonl = work.resolve("one.jsonl");
        CliRun first = CliRun.of("--data-dir", data.toString(), "captions", ogg.toString(), "-o", jsonl.toString());
        assertEquals(0, first.exitCode(), first.err());
        Path srt = work.resolve("again.srt");
        CliRun second = CliRun.of("--data-dir", data.toString(), "captions", ogg.toString(), "-o", srt.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(Files.readString(srt).startsWith("1\n00:00:00,"), "SRT chosen by the extension");

        ObjectMapper json = new ObjectMapper();
        StringBuilder heard = new StringBuilder();
        long previousStart = -1;
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode cue = json.readTree(line);
            assertEquals(List.of("video", "start_ms", "end_ms", "text", "final", "emitted_at"),
                    iterable(cue.fieldNames()));
            assertEquals(ogg.toString(), cue.get("video").asText());
            assertTrue(cue.get("final").asBoolean());
            assertTrue(cue.get("end_ms").asLong() > cue.get("start_ms").asLong());
            assertTrue(cue.get("start_ms").asLong() >= previousStart);
            assertTrue(Math.abs(cue.get("emitted_at").asLong() - System.currentTimeMillis()) < 600_000);
            previousStart = cue.get("start_ms").asLong();
            heard.append(cue.get("text").asText()).append(' ');
        }
        assertHearsWhatVoskHears(segments().get(0).text(), heard.toString().strip(), RawVosk.heard(ogg, data.resolve("cache")), jsonl);
        // the second command, on the data dir the first left behind, captions the same words
        String srtText = Files.readAllLines(srt).stream()
                .filter(l -> !l.isBlank() && !l.matches("\\d+") && !l.contains("-->"))
                .collect(Collectors.joining(" "));
        assertEquals(heard.toString().strip().replaceAll("\\s+", " "), srtText, "the SRT of the second command holds the words of the first's JSON lines");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTruncatedFileGetsCaptionsForWhatDecodedAndFails() throws Exception {
        // the sample with its index first, then cut to half its bytes: the first half of the media decodes
        Path full = work.resolve("full.mp4");
        Process faststart = new ProcessBuilder("ffmpeg", "-v", "error", "-i", Fixtures.sample("dashwood.mp4").toString(),
                "-c", "copy", "-movflags", "+faststart", full.toString()).inheritIO().start();
        assertEquals(0, faststart.waitFor());
        Path cut = work.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(full);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path vtt = work.resolve("cut.vtt");

        CliRun run = CliRun.of("--data-dir", work.resolve("data").toString(), "captions", cut.toString(), "-o", vtt.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains(cut + ": truncated or corrupt"), run.err());
        assertTrue(run.err().contains("the captions made before that are in " + vtt), run.err());
        List<WebVtt.Cue> cues = WebVtt.parse(Files.readString(vtt));
        assertFalse(cues.isEmpty(), "captions for what decoded");
        assertTrue(cues.get(0).text().toLowerCase(java.util.Locale.ROOT).startsWith("and mister john"), cues.get(0).text());
        double decodedS = Double.parseDouble(run.err().replaceFirst("(?s).*media ends at ([0-9.]+) s.*", "$1"));
        assertTrue(decodedS > 5 && decodedS < 30, run.err());
        assertTrue(cues.stream().allMatch(c -> c.end() <= decodedS + 0.5), "nothing after the decoded media: " + cues);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
