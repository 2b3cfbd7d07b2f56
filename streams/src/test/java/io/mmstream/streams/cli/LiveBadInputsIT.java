package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import io.mmstream.streams.lanes.Quiet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * One {@code live} command with a good stream beside five bad ones, all at once. The good one, the
 * sample pushed in real time, is captioned while it plays (partial cues before final ones, final cues
 * well before the stream ends, its first words kept) and accurately. The bad ones: a web page that
 * is not a stream, a server that accepts the connection and then sends nothing, a stream whose audio
 * codec changes in the middle (AAC, then MP2 on the same MPEG-TS track), a stream with no audio
 * track, and one sent as fast as the network takes it. Each bad one gets its clear line on stderr
 * while the good stream is captioned as well as alone.
 */
@Quiet
class LiveBadInputsIT {

    @TempDir
    Path work;

    @Test
    void badStreamsEachSayWhatIsWrongAndTheGoodOneGoesOn() throws Exception {
        Path sample = Fixtures.sample("dashwood.mp4");
        Path aac = work.resolve("first-half-aac.ts");
        Path mp2 = work.resolve("second-half-mp2.ts");
        ffmpeg("-i", sample.toString(), "-t", "12", "-c:v", "copy", "-c:a", "aac", aac.toString());
        ffmpeg("-ss", "12", "-i", sample.toString(), "-t", "12", "-c:v", "copy", "-c:a", "mp2", mp2.toString());

        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>not a stream</title><p>hello</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // and never a byte
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        acceptor.start();
        try {
            int good = UdpPorts.free();
            int codec = UdpPorts.free();
            int videoOnly = UdpPorts.free();
            int fast = UdpPorts.free();
            String goodUrl = "udp://127.0.0.1:" + good;
            String codecUrl = "udp://127.0.0.1:" + codec;
            String videoOnlyUrl = "udp://127.0.0.1:" + videoOnly;
            String fastUrl = "udp://127.0.0.1:" + fast;
            String pageUrl = "http://127.0.0.1:" + web.getAddress().getPort() + "/index.html";
            String silentUrl = "tcp://127.0.0.1:" + silent.getLocalPort();
            Path jsonl = work.resolve("cues.jsonl");
            CompletableFuture<CliRun> live = CompletableFuture.supplyAsync(() -> CliRun.of("--data-dir", work.resolve("data").toString(),
                    "live", goodUrl, pageUrl, silentUrl, codecUrl, videoOnlyUrl, fastUrl, "--timeout", "8", "--jsonl", jsonl.toString()));
            UdpPorts.awaitListening(live, good, codec, videoOnly, fast);
            List<Process> senders = List.of(
                    send("-re", "-i", sample.toString(), "-c", "copy", "-f", "mpegts", goodUrl + "?pkt_size=1316"),
                    sendOneAfterAnother(codecUrl, aac, mp2),
                    send("-re", "-i", sample.toString(), "-an", "-c", "copy", "-f", "mpegts", videoOnlyUrl + "?pkt_size=1316"),
                    send("-i", sample.toString(), "-c", "copy", "-f", "mpegts", fastUrl + "?pkt_size=1316"));
            assertTrue(senders.get(0).waitFor(90, TimeUnit.SECONDS));
            long goodEnded = System.currentTimeMillis();
            for (Process p : senders) {
                assertTrue(p.waitFor(90, TimeUnit.SECONDS));
            }
            CliRun run = live.get(120, TimeUnit.SECONDS);
            String err = run.err();
            assertEquals(1, run.exitCode(), "some streams failed: " + err);

            assertTrue(lineOf(err, pageUrl).contains("Invalid data found when processing input"), err);
            assertTrue(lineOf(err, silentUrl).contains("nothing received for 8 s"), err);
            assertTrue(err.contains(videoOnlyUrl + ": no audio track: nothing to caption (the stream has video (h264) only)"), err);
            assertTrue(lineOf(err, fastUrl).contains("the stream arrives faster than real time"), err);
            assertTrue(lineOf(err, codecUrl).contains("audio stopped decoding"), err);

            List<JsonNode> cues = cues(jsonl);
            // the real-time stream is captioned while it plays: partial cues first, its first words kept
            List<JsonNode> goodCues = cues.stream().filter(c -> c.get("video").asText().equals(goodUrl)).toList();
            assertFalse(goodCues.get(0).get("final").asBoolean(), "partial cues come before the first final one");
            JsonNode firstFinal = goodCues.stream().filter(c -> c.get("final").asBoolean()).findFirst().orElseThrow();
            assertTrue(firstFinal.get("start_ms").asLong() < 1000, "the stream's first words (at 0.74 s) are kept: " + firstFinal);
            assertTrue(goodCues.stream().anyMatch(c -> c.get("final").asBoolean() && c.get("emitted_at").asLong() < goodEnded - 10_000),
                    "final cues come out while the stream is still playing");
            String reference = CaptionsIT.segments().stream().map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
            assertTrue(wer(reference, cues, goodUrl) <= 0.15, "the good stream as well as alone: " + text(cues, goodUrl));
            // the whole burst fits the receive buffer mmstream asks for (FFmpeg's 64 KiB lost most of it)
            assertTrue(wer(reference, cues, fastUrl) <= 0.15, "the fast stream is captioned all the same: " + text(cues, fastUrl));
            // both halves of the stream whose codec changed are captioned: words from before and after 12 s
            List<JsonNode> codecCues = LiveIT.settled(cues, codecUrl);
            assertTrue(codecCues.stream().anyMatch(c -> c.get("end_ms").asLong() < 12_000), "AAC half: " + codecCues);
            assertTrue(codecCues.stream().anyMatch(c -> c.get("start_ms").asLong() > 13_000), "MP2 half: " + codecCues);
            assertFalse(cues.stream().anyMatch(c -> c.get("video").asText().equals(videoOnlyUrl)));
        } finally {
            web.stop(0);
            silent.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static void ffmpeg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private static Process send(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Two files played in real time to {@code url}, the second right after the first (a new encoder, the same address). */
    private static Process sendOneAfterAnother(String url, Path first, Path second) throws Exception {
        String target = "'" + url + "?pkt_size=1316'";
        return new ProcessBuilder("sh", "-c", "ffmpeg -v error -re -i '" + first + "' -c copy -f mpegts " + target
                + " && ffmpeg -v error -re -i '" + second + "' -c copy -f mpegts " + target)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Every stderr line about {@code url}, joined. */
    private static String lineOf(String err, String url) {
        return err.lines().filter(l -> l.startsWith(url + ":")).collect(Collectors.joining("\n"));
    }

    private static List<JsonNode> cues(Path jsonl) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> cues = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            cues.add(json.readTree(line));
        }
        return cues;
    }

    private static String text(List<JsonNode> cues, String url) {
        return LiveIT.settled(cues, url).stream().map(c -> c.get("text").asText()).collect(Collectors.joining(" "));
    }

    private static double wer(String reference, List<JsonNode> cues, String url) {
        return WordErrorRate.of(reference, text(cues, url));
    }
}
