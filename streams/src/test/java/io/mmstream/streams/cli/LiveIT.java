package io.mmstream.streams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmstream.asr.WordErrorRate;
import io.mmstream.ingest.Fixtures;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
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
 * {@code live} captions it: cues arrive while the stream still plays, partials before finals, and
 * the final text is accurate.
 */
class LiveIT {

    @TempDir
    Path work;

    /** Whether something already listens on UDP {@code port} (binding it fails). */
    private static boolean bound(int port) {
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (SocketException inUse) {
            return true;
        }
    }

    private static int freeUdpPort() throws SocketException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRealTimeStreamIsCaptionedWhileItPlays() throws Exception {
        int port = freeUdpPort();
        String url = "udp://127.0.0.1:" + port;
        Path vtt = work.resolve("live.vtt");
        Path jsonl = work.resolve("live.jsonl");
        CompletableFuture<CliRun> live = CompletableFuture.supplyAsync(() -> CliRun.of("--data-dir",
                work.resolve("data").toString(), "live", url, "--timeout", "4", "--vtt", vtt.toString(), "--jsonl", jsonl.toString()));
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!bound(port) && System.nanoTime() < waitUntil && !live.isDone()) {
            Thread.sleep(100);
        }
        assertTrue(bound(port), "live listens on the port");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-i", Fixtures.sample("dashwood.mp4").toString(),
                "-c", "copy", "-f", "mpegts", url + "?pkt_size=1316").redirectErrorStream(true).start();
        assertTrue(ffmpeg.waitFor(120, TimeUnit.SECONDS));
        long streamEndedAt = System.currentTimeMillis();
        CliRun run = live.get(120, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.err());

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> cues = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            cues.add(json.readTree(line));
        }
        assertTrue(cues.stream().anyMatch(c -> c.get("final").asBoolean() && c.get("emitted_at").asLong() < streamEndedAt - 10_000),
                "final cues come out while the stream is still playing");
        int firstFinal = 0;
        while (!cues.get(firstFinal).get("final").asBoolean()) {
            firstFinal++;
        }
        assertTrue(firstFinal > 0, "partial cues come before the first final one");
        String heard = cues.stream().filter(c -> c.get("final").asBoolean()).map(c -> c.get("text").asText())
                .collect(Collectors.joining(" "));
        String reference = CaptionsIT.segments().stream().map(CaptionsIT.Segment::text).collect(Collectors.joining(" "));
        double wer = WordErrorRate.of(reference, heard);
        assertTrue(wer <= 0.15, "WER " + wer + ": " + heard);
        assertEquals(cues.stream().filter(c -> c.get("final").asBoolean()).count(),
                WebVtt.parse(Files.readString(vtt)).size(), "the WebVTT file holds every final cue");
    }
}
