package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.lanes.WallClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live captions of real speech pushed in real time: two speakers back to back (fixtures/two-speakers.mp4,
 * 0.2 s between them) get a cue boundary where the speaker changes, and one speaker (samples/dashwood.mp4)
 * is not cut into sentences where nobody changed; both streams share one {@code live} command.
 */
@WallClock
class SpeakerTurnsIT {

    @TempDir
    Path work;

    /** One recording of the fixture: who speaks, when (ms) and what. */
    private record Turn(int speaker, long startMs, long endMs, String text) {}

    @Test
    void aCueEndsWhereTheSpeakerChangesAndOneSpeakerIsNotCut() throws Exception {
        Path[] media = {Fixtures.media("two-speakers.mp4"), Fixtures.sample("dashwood.mp4")};
        int[] ports = {UdpPorts.free(), UdpPorts.free()};
        List<String> urls = List.of("udp://127.0.0.1:" + ports[0], "udp://127.0.0.1:" + ports[1]);
        Path jsonl = work.resolve("turns.jsonl");
        CompletableFuture<CliRun> live = CompletableFuture.supplyAsync(() -> CliRun.of("--data-dir",
                work.resolve("data").toString(), "live", urls.get(0), urls.get(1), "--timeout", "4", "--jsonl", jsonl.toString()));
        UdpPorts.awaitListening(live, ports);
        List<Process> senders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            senders.add(new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-i", media[i].toString(), "-c", "copy",
                    "-f", "mpegts", urls.get(i) + "?pkt_size=1316").redirectErrorStream(true).start());
        }
        for (Process p : senders) {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        }
        CliRun run = live.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> cues = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            cues.add(json.readTree(line));
        }

        List<Turn> turns = Files.readAllLines(Fixtures.media("two-speakers.segments.tsv")).stream().skip(1).map(l -> l.split("\t"))
                .map(f -> new Turn(Integer.parseInt(f[0]), Math.round(Double.parseDouble(f[1]) * 1000),
                        Math.round(Double.parseDouble(f[2]) * 1000), f[3]))
                .toList();
        Turn lastOfFirst = turns.stream().filter(t -> t.speaker() == 1).reduce((a, b) -> b).orElseThrow();
        Turn firstOfSecond = turns.stream().filter(t -> t.speaker() == 2).findFirst().orElseThrow();
        long change = (lastOfFirst.endMs() + firstOfSecond.startMs()) / 2;
        List<JsonNode> two = LiveIT.settled(cues, urls.get(0));
        String heard = two.stream().map(c -> c.get("text").asText()).collect(Collectors.joining(" "));
        int after = 0;
        while (after < two.size() && two.get(after).get("start_ms").asLong() < change - 1000) {
            after++;
        }
        assertTrue(after > 0 && after < two.size(), "cues before and after the change at " + change + " ms: " + two);
        JsonNode before = two.get(after - 1);
        JsonNode next = two.get(after);
        assertTrue(Math.abs(next.get("start_ms").asLong() - change) <= 1000,
                "a cue starts within 1 s of the change at " + change + " ms: " + next + " after " + before);
        assertTrue(before.get("end_ms").asLong() <= next.get("start_ms").asLong(), "the cues do not overlap: " + before + ", " + next);
        assertTrue(before.get("text").asText().endsWith("."), "the first speaker's last cue ends a sentence: " + before);
        assertTrue(Character.isUpperCase(next.get("text").asText().charAt(0)), "the second speaker's first cue starts one: " + next);
        String reference = turns.stream().map(Turn::text).collect(Collectors.joining(" "));
        double wer = WordErrorRate.of(reference, heard);
        assertTrue(wer <= 0.25, "no words lost at the cut: WER " + wer + ": " + heard);

        // one speaker: a sentence ends inside a stretch of speech only where a change was (wrongly) found
        List<JsonNode> one = LiveIT.settled(cues, urls.get(1));
        int cutInside = 0;
        for (JsonNode c : one) {
            long end = c.get("end_ms").asLong();
            boolean inside = CaptionsIT.segments().stream().anyMatch(s -> end < s.end() * 1000 - 500 && end > s.start() * 1000);
            if (c.get("text").asText().endsWith(".") && inside) {
                cutInside++;
            }
        }
        assertTrue(cutInside <= 1, cutInside + " sentences end inside the speech of one speaker: " + one);
        assertFalse(one.isEmpty());
    }
}
