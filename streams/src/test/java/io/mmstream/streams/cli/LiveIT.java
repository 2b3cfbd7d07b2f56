package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.lanes.Quiet;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
 * Debian's ffmpeg pushes recorded speech in real time (-re) to a loopback UDP port while
 * {@code live} captions it (a plain real-time stream is {@link LiveBadInputsIT}'s good stream): a long
 * sentence's first cue leaves before the sentence ends; streams
 * cut in the middle end with a clear message and keep every word said before the cut; a sender that
 * stops and comes back on the same address is followed, its captions on the stream's running clock.
 * Each test has a data dir (and so a broker and a recogniser) of its own. They run one after another,
 * once the other lane of tests has ended ({@link Quiet}): real-time recognition needs the cores.
 */
@Quiet
class LiveIT {

    @TempDir
    Path work;

    /** A stream captioned by {@code live}: its URL, when ffmpeg started and stopped sending, and the JSON lines. */
    private record Played(String url, long sentFrom, long sentUntil, List<JsonNode> cues) {}

    /**
     * Runs {@code live} on a free loopback UDP port (WebVTT to {@code vtt}, ending after {@code timeout}
     * silent seconds) while Debian's ffmpeg plays {@code media} to it in real time with {@code senderFlags};
     * checks that the command exits with 0.
     */
    private Played play(Path media, Path vtt, int timeout, String... senderFlags) throws Exception {
        int port = UdpPorts.free();
        String url = "udp://127.0.0.1:" + port;
        Path jsonl = work.resolve(vtt.getFileName() + ".jsonl");
        CompletableFuture<CliRun> live = command("--data-dir", work.resolve("data").toString(),
                "live", url, "--timeout", Integer.toString(timeout), "--vtt", vtt.toString(), "--jsonl", jsonl.toString());
        UdpPorts.awaitListening(live, port);
        List<String> sender = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-re", "-i", media.toString(), "-c", "copy"));
        sender.addAll(List.of(senderFlags));
        sender.addAll(List.of("-f", "mpegts", url + "?pkt_size=1316"));
        long sentFrom = System.currentTimeMillis();
        Process ffmpeg = new ProcessBuilder(sender).redirectErrorStream(true).start();
        assertTrue(ffmpeg.waitFor(120, TimeUnit.SECONDS));
        long sentUntil = System.currentTimeMillis();
        CliRun run = live.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());
        return new Played(url, sentFrom, sentUntil, cues(jsonl));
    }

    /**
     * {@code mmstream args...} on a thread of its own (a shared pool could make one command wait for
     * another's end).
     */
    private static CompletableFuture<CliRun> command(String... args) {
        return CompletableFuture.supplyAsync(() -> CliRun.of(args), task -> {
            Thread thread = new Thread(task, "mmstream " + String.join(" ", args));
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The cues of a JSON lines file, in the order written. */
    private static List<JsonNode> cues(Path jsonl) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> cues = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            cues.add(json.readTree(line));
        }
        return cues;
    }

    /**
     * The final cues of {@code video} as a reader of the JSON lines keeps them: a final cue with the start
     * of an earlier one replaces it (the recogniser corrected words already sent), in time order.
     */
    static List<JsonNode> settled(List<JsonNode> cues, String video) {
        java.util.TreeMap<Long, JsonNode> byStart = new java.util.TreeMap<>();
        for (JsonNode c : cues) {
            if (c.get("video").asText().equals(video) && c.get("final").asBoolean()) {
                byStart.put(c.get("start_ms").asLong(), c);
            }
        }
        return List.copyOf(byStart.values());
    }

    @Test
    void theFirstCueOfALongSentenceLeavesBeforeTheSentenceEnds() throws Exception {
        // two sentences of 11 s of real speech, each more than two cues long, from a low-latency sender
        Path vtt = work.resolve("long.vtt");
        Played played = play(Fixtures.media("long-sentences.mp4"), vtt, 3, "-pes_payload_size", "0", "-muxdelay", "0", "-flush_packets", "1");
        String url = played.url();
        long playedFrom = played.sentFrom();
        List<JsonNode> cues = played.cues();
        List<String[]> sentences = Files.readAllLines(Fixtures.media("long-sentences.segments.tsv")).stream()
                .skip(1).map(l -> l.split("\t")).toList();
        for (String[] sentence : sentences) {
            long start = Math.round(Double.parseDouble(sentence[0]) * 1000);
            long end = Math.round(Double.parseDouble(sentence[1]) * 1000);
            JsonNode first = cues.stream()
                    .filter(c -> c.get("final").asBoolean() && c.get("start_ms").asLong() >= start - 700 && c.get("start_ms").asLong() < end)
                    .findFirst().orElseThrow(() -> new AssertionError("no final cue for the sentence at " + start + " ms: " + cues));
            assertTrue(first.get("emitted_at").asLong() < playedFrom + end,
                    "the sentence's first cue left " + (first.get("emitted_at").asLong() - playedFrom - end)
                            + " ms after the sentence ended, not before: " + first);
        }
        List<JsonNode> settled = settled(cues, url);
        String heard = settled.stream().map(c -> c.get("text").asText()).collect(Collectors.joining(" "));
        String reference = sentences.stream().map(s -> s[2]).collect(Collectors.joining(" "));
        double wer = WordErrorRate.of(reference, heard);
        assertTrue(wer <= 0.15, "WER " + wer + ": " + heard);
        assertEquals(settled.size(), WebVtt.parse(Files.readString(vtt)).size(),
                "the WebVTT file holds each final cue once, corrections aside");
    }

    @Test
    void streamsCutInTheMiddleEndClearlyAndKeepTheirWords() throws Exception {
        // two streams at once, each with its own recogniser, cut at 14 s and at 10 s
        int[] ports = {UdpPorts.free(), UdpPorts.free()};
        double[] cutAt = {14, 10};
        List<String> urls = List.of("udp://127.0.0.1:" + ports[0], "udp://127.0.0.1:" + ports[1]);
        Path vtts = work.resolve("vtt");
        Path jsonl = work.resolve("cut.jsonl");
        CompletableFuture<CliRun> live = command("--data-dir",
                work.resolve("data").toString(), "live", urls.get(0), urls.get(1), "--stall", "2", "--timeout", "4",
                "--vtt", vtts.toString(), "--jsonl", jsonl.toString());
        UdpPorts.awaitListening(live, ports);
        List<Process> senders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            senders.add(new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-t", Double.toString(cutAt[i]),
                    "-i", Fixtures.sample("dashwood.mp4").toString(), "-c", "copy", "-f", "mpegts", urls.get(i) + "?pkt_size=1316")
                    .redirectErrorStream(true).start());
        }
        for (Process p : senders) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        CliRun run = live.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());

        List<JsonNode> cues = cues(jsonl);
        for (int i = 0; i < 2; i++) {
            String url = urls.get(i);
            assertTrue(run.err().contains(url + ": no data for 2 s; reopening"), "the stall is reported: " + run.err());
            assertTrue(run.err().contains(url + ": no data for 4 s: the stream has ended"), "the end is reported: " + run.err());
            double cut = cutAt[i];
            String heard = text(settled(cues, url));
            // every utterance said before the cut, and the words of the one it interrupted
            String before = CaptionsIT.segments().stream().filter(seg -> seg.end() < cut)
                    .map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
            String interrupted = CaptionsIT.segments().stream().filter(seg -> seg.start() < cut - 1 && seg.end() > cut)
                    .map(seg -> seg.text().split(" ")[0]).findFirst().orElseThrow();
            String heardBefore = heard.contains(" " + interrupted + " ") ? heard.substring(0, heard.indexOf(" " + interrupted + " ")) : heard;
            double wer = WordErrorRate.of(before, heardBefore);
            assertTrue(wer <= 0.15, url + ": WER " + wer + " before the cut: " + heard);
            assertTrue((" " + heard + " ").contains(" " + interrupted + " "),
                    url + ": the words of the interrupted utterance are finalised (" + interrupted + "): " + heard);
            assertEquals(settled(cues, url).size(),
                    WebVtt.parse(Files.readString(vtts.resolve((i + 1) + "-127.0.0.1_" + ports[i] + ".vtt"))).size(),
                    "each stream's WebVTT file holds its final cues");
        }
    }

    @Test
    void aSenderStoppedMidSpeechAndRestartedOnTheSameAddressGoesOnWithItsMediaTimes() throws Exception {
        // the sender stops 10.5 s in, inside "he was not an ill disposed young man" (8.9-11.4 s), and comes
        // back 4 s later on the same address playing the recording's first 12 s again
        int port = UdpPorts.free();
        String url = "udp://127.0.0.1:" + port;
        double cut = 10.5;
        Path vtt = work.resolve("restart.vtt");
        Path jsonl = work.resolve("restart.jsonl");
        CompletableFuture<CliRun> live = command("--data-dir",
                work.resolve("data").toString(), "live", url, "--stall", "2", "--timeout", "6",
                "--vtt", vtt.toString(), "--jsonl", jsonl.toString());
        UdpPorts.awaitListening(live, port);
        String dashwood = Fixtures.sample("dashwood.mp4").toString();
        long firstFrom = System.currentTimeMillis();
        Process first = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-t", Double.toString(cut), "-i", dashwood,
                "-c", "copy", "-f", "mpegts", url + "?pkt_size=1316").redirectErrorStream(true).start();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        Thread.sleep(4_000);
        long secondFrom = System.currentTimeMillis();
        Process second = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-t", "12", "-i", dashwood,
                "-c", "copy", "-f", "mpegts", url + "?pkt_size=1316").redirectErrorStream(true).start();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        CliRun run = live.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());

        assertTrue(run.err().contains(url + ": no data for 2 s; reopening (attempt 1)"), "the stall is reported: " + run.err());
        assertTrue(run.err().matches("(?s).*" + java.util.regex.Pattern.quote(url) + ": stream back after \\d+ reopenings?\\R.*"),
                "the return is reported: " + run.err());
        assertTrue(run.err().contains(url + ": no data for 6 s: the stream has ended"), "the end is reported: " + run.err());

        List<JsonNode> settled = settled(cues(jsonl), url);
        long gapStartMs = Math.round(cut * 1000);
        long backAtMs = secondFrom - firstFrom;
        List<JsonNode> before = settled.stream().filter(c -> c.get("start_ms").asLong() < gapStartMs).toList();
        List<JsonNode> after = settled.stream().filter(c -> c.get("start_ms").asLong() >= gapStartMs).toList();
        assertFalse(before.isEmpty() || after.isEmpty(), "cues before and after the gap: " + settled);
        for (JsonNode c : after) {
            assertTrue(c.get("start_ms").asLong() >= backAtMs - 1000, "no cue in the gap, the times after it go on: " + c);
        }
        // the replay's first words were said backAtMs after the first sender's: their cues are that far apart
        long firstBefore = before.get(0).get("start_ms").asLong();
        long firstAfter = after.get(0).get("start_ms").asLong();
        assertTrue(Math.abs(firstAfter - firstBefore - backAtMs) <= 1200, "the replay's first words are at " + firstAfter
                + " ms, their first playing at " + firstBefore + " ms, and the replay began " + backAtMs + " ms after it");

        List<CaptionsIT.Segment> segments = CaptionsIT.segments();
        String heardBefore = text(before);
        double werBefore = WordErrorRate.of(segments.get(0).text(), heardBefore.substring(0, Math.max(0, heardBefore.indexOf(" he was"))));
        assertTrue(werBefore <= 0.15, "WER " + werBefore + " before the stop: " + heardBefore);
        assertTrue((" " + heardBefore + " ").contains(" he was not an "),
                "the words said before the stop in the interrupted utterance are finalised: " + heardBefore);
        String heardAfter = text(after);
        double werAfter = WordErrorRate.of(segments.get(0).text() + " " + segments.get(1).text(), heardAfter);
        assertTrue(werAfter <= 0.15, "WER " + werAfter + " after the gap: " + heardAfter);
        assertEquals(settled.size(), WebVtt.parse(Files.readString(vtt)).size(), "the WebVTT file holds every final cue");
    }

    /** The cues' text joined, in lower case (final cues are sentence-cased), to find the reference's words in. */
    private static String text(List<JsonNode> cues) {
        return cues.stream().map(c -> c.get("text").asText()).collect(Collectors.joining(" ")).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void garbageOnTheInputFailsClearlyInsteadOfHanging() throws Exception {
        int port = UdpPorts.free();
        String url = "udp://127.0.0.1:" + port;
        CompletableFuture<CliRun> live = command("--data-dir",
                work.resolve("data").toString(), "live", url, "--jsonl", work.resolve("g.jsonl").toString());
        UdpPorts.awaitListening(live, port);
        java.util.Random random = new java.util.Random(7);
        byte[] packet = new byte[1316];
        try (DatagramSocket sender = new DatagramSocket()) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!live.isDone() && System.nanoTime() < until) {
                random.nextBytes(packet);
                sender.send(new java.net.DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), port));
                Thread.sleep(2);
            }
        }
        CliRun run = live.get(30, TimeUnit.SECONDS);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains(url + ": cannot open: Invalid data found when processing input"), run.err());
    }
}
